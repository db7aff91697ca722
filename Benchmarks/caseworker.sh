#!/usr/bin/env bash
# Times whole caseworker commands (process start to exit) on a large demo
# database. Run by hand: Benchmarks/caseworker.sh [JOURNEYS] [RUNS]
# Prints the mean wall time per command in milliseconds, and its ratio to a
# process that does nothing (/bin/true) and to `tracker --help`.
set -euo pipefail
cd "$(dirname "$0")/.."
journeys=${1:-1000000}
runs=${2:-50}
swift build -c release --static-swift-stdlib >/dev/null
bin=$PWD/.build/release/tracker
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/bench.sqlite
echo "generating $journeys journeys..."
start=$(date +%s.%N)
"$bin" demo --journeys "$journeys" --db "$db" >/dev/null 2>&1
echo "demo: $(echo "$(date +%s.%N) - $start" | bc) s, $(du -h "$db" | cut -f1)"
export TRACKER_DB=$db TRACKER_ACTOR=bench

ref=$("$bin" sql "SELECT ref FROM journeys WHERE status = 'open' ORDER BY id DESC LIMIT 1" --format csv | tail -n 1 | tr -d '\r')
obstacle=$("$bin" sql "SELECT max(id) FROM obstacles" --format csv | tail -n 1 | tr -d '\r')

mean_ms() { # command...
    local start end
    start=$(date +%s%N)
    for _ in $(seq "$runs"); do "$@" >/dev/null 2>&1 || true; done
    end=$(date +%s%N)
    echo "scale=2; ($end - $start) / $runs / 1000000" | bc
}

baseline=$(mean_ms /bin/true)
help=$(mean_ms "$bin" --help)
printf '%-58s %8s %10s %10s\n' command ms "x true" "x --help"
report() { # label ms
    printf '%-58s %8s %10s %10s\n' "$1" "$2" "$(echo "scale=1; $2 / $baseline" | bc)" "$(echo "scale=2; $2 / $help" | bc)"
}
report "/bin/true" "$baseline"
report "tracker --help" "$help"
report "journey show $ref" "$(mean_ms "$bin" journey show "$ref")"
report "journey show --format json" "$(mean_ms "$bin" journey show "$ref" --format json)"
report "step log" "$(mean_ms "$bin" step log "$ref" --sector employment --kind meeting --note benchmark)"
report "obstacle log" "$(mean_ms "$bin" obstacle log "$ref" --category documentation --sector employment --sector psychiatry --description benchmark --delay-days 2)"
report "observe" "$(mean_ms "$bin" observe "$ref" --measure who5 --phase interim --value 50)"
report "obstacle show $obstacle" "$(mean_ms "$bin" obstacle show "$obstacle")"
owner=$("$bin" sql "SELECT owner FROM journeys WHERE owner IS NOT NULL GROUP BY owner ORDER BY count(*), owner LIMIT 1 OFFSET (SELECT count(DISTINCT owner) / 2 FROM journeys)" --format csv | tail -n 1 | tr -d '\r')
owned=$("$bin" journey list --owner "$owner" --format csv | tail -n +2 | wc -l)
report "journey list --owner (a median caseload: $owned)" "$(mean_ms "$bin" journey list --owner "$owner")"
report "journey list --stalled 90 --limit 50" "$(mean_ms "$bin" journey list --stalled 90 --limit 50)"
report "sector list" "$(mean_ms "$bin" sector list)"
report "audit --limit 20" "$(mean_ms "$bin" audit --limit 20)"
report "today --owner (the same caseload)" "$(mean_ms "$bin" today --owner "$owner")"
report "journey list --citizen" "$(mean_ms "$bin" journey list --citizen "$("$bin" sql "SELECT citizen_id FROM journeys WHERE ref = '$ref'" --format csv | tail -n 1 | tr -d '\r')")"
step=$("$bin" sql "SELECT max(id) FROM steps" --format csv | tail -n 1 | tr -d '\r')
report "step amend (note)" "$(mean_ms "$bin" step amend "$step" --note "amended $RANDOM" --reason benchmark)"
report "history step" "$(mean_ms "$bin" history step "$step")"
