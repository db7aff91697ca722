#!/usr/bin/env bash
# Times every analysis command on a generated database of 100,000 journeys
# (about a million steps). Run by hand, not in CI:
#
#     Benchmarks/analysis.sh [DB] [JOURNEYS]
#
# Builds the release binary, generates DB (default /tmp/tracker-bench.sqlite)
# unless it exists, then runs each command three times and prints the best
# wall-clock time. The goal: every analysis under a second.
set -euo pipefail
cd "$(dirname "$0")/.."
db="${1:-/tmp/tracker-bench.sqlite}"
journeys="${2:-100000}"

swift build -c release --static-swift-stdlib >&2
tracker=.build/release/tracker
if [ ! -f "$db" ]; then
    "$tracker" demo --db "$db" --journeys "$journeys" >/dev/null
fi
"$tracker" migrate --db "$db" >&2

as_of=2026-01-01
commands=(
    "effect summary"
    "effect summary --by type"
    "effect summary --by sector"
    "effect summary --by category"
    "effect summary --by outcome"
    "effect compare --measure who5 --cohort obstacle:regulation"
    "effect compare --measure public_cost --cohort sectors>=3 --vs sector:psychiatry"
    "effect survival --as-of $as_of"
    "effect survival --by type --as-of $as_of"
    "effect survival --by obstacle:regulation --event achieved --as-of $as_of"
    "effect survival --by obstacle:regulation --landmark 90 --as-of $as_of"
    "effect hazard --exposure obstacle:governance_conflict --as-of $as_of"
    "effect hazard --exposure sector:psychiatry --strata none --as-of $as_of"
    "effect incidence --by type --as-of $as_of"
    "effect compare --measure who5 --cohort obstacle:regulation --adjust type,baseline"
    "analyze obstacles --by category"
    "analyze obstacles --by sector"
    "analyze obstacles --by sector-pair"
    "analyze obstacles --by rule"
    "analyze obstacles --by month"
    "analyze rules"
    "analyze handoffs"
    "analyze journeys"
    "analyze journeys --by type"
    "analyze activity-vs-effect"
    "report --as-of $as_of"
)

best_of_three() {
    local best=""
    for _ in 1 2 3; do
        local start end elapsed
        start=$(date +%s.%N)
        # shellcheck disable=SC2086
        if ! "$tracker" --db "$db" --format json $1 >/dev/null 2>&1; then
            printf 'FAILED   %s\n' "$1"
            return
        fi
        end=$(date +%s.%N)
        elapsed=$(echo "$end - $start" | bc)
        if [ -z "$best" ] || [ "$(echo "$elapsed < $best" | bc)" = 1 ]; then best=$elapsed; fi
    done
    printf '%6.3f s  %s\n' "$best" "$1"
}

echo "$(sqlite3 "$db" 'SELECT count(*) FROM journeys') journeys, $(sqlite3 "$db" 'SELECT count(*) FROM steps') steps," \
     "$(sqlite3 "$db" 'SELECT count(*) FROM obstacles') obstacles, $(sqlite3 "$db" 'SELECT count(*) FROM observations') observations;" \
     "$(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
for command in "${commands[@]}"; do best_of_three "$command"; done
