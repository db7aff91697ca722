#!/usr/bin/env bash
# The same commands on PostgreSQL beside SQLite, on the same data. Run by
# hand, never in CI:
#
#     Benchmarks/postgres.sh CONNINFO [JOURNEYS ...]     (default: 100000 1000000)
#
# CONNINFO names a superuser session of a running server (e.g.
# "host=/tmp/cluster user=postgres"); a database tracker_bench_N is made
# for each size. For each size: a demo file (the one of
# Benchmarks/sidebyside.sh, kept in /tmp between runs), its rows exported
# and imported into the server (timed, rows/s; skipped when the database
# holds that file's journeys already, from an earlier run), then each
# caseworker command and each analysis as a whole process on both engines,
# alternately, the median of five runs, and the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: Benchmarks/postgres.sh CONNINFO [JOURNEYS ...]" >&2; exit 64; }
conninfo="$1"; shift
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
runs=5

swift build -c release --static-swift-stdlib >&2
tracker=$PWD/.build/release/tracker
export TRACKER_ACTOR=bench TRACKER_LANG=en

millis() {
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    echo $(((end - start) / 1000))
}
median() { sort -n | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.1f", m / 1000 }'; }

pair() {
    local label="$1"; shift
    "$tracker" "$@" --db "$file" >/dev/null || { echo "SQLite: $label failed" >&2; exit 1; }
    TRACKER_ACTOR= "$tracker" "$@" --db "$server" >/dev/null || { echo "PostgreSQL: $label failed" >&2; exit 1; }
    local a=() b=()
    for _ in $(seq "$runs"); do
        a+=("$(millis "$tracker" "$@" --db "$file")")
        b+=("$(TRACKER_ACTOR= millis "$tracker" "$@" --db "$server")")
    done
    local x y
    x=$(printf '%s\n' "${a[@]}" | median); y=$(printf '%s\n' "${b[@]}" | median)
    printf '| %s | %s | %s ms | %s ms | %s |\n' "$size" "$label" "$x" "$y" "$(awk -v x="$x" -v y="$y" 'BEGIN { printf "%.2f", y / x }')"
}

echo "| journeys | command | SQLite | PostgreSQL | ratio |"
echo "|---:|---|---:|---:|---:|"
for size in "${sizes[@]}"; do
    work=$(mktemp -d /tmp/tracker-postgres-bench.XXXXXX)
    file=/tmp/tracker-sidebyside-$size.sqlite
    [ -f "$file" ] || "$tracker" demo --db "$file" --journeys "$size" >/dev/null
    "$tracker" migrate --db "$file" >/dev/null 2>&1
    name=tracker_bench_$size
    server="$conninfo dbname=$name"
    journeys=$(sqlite3 "$file" "SELECT count(*) FROM journeys")
    loaded=$(psql -X -At "$server" -c "SELECT count(*) FROM journeys" 2>/dev/null || echo 0)
    if [ "$loaded" != "$journeys" ]; then
        psql -X -q "$conninfo dbname=postgres" -c "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name"
        TRACKER_ACTOR= "$tracker" init --db "$server" >/dev/null
    else
        TRACKER_ACTOR= "$tracker" migrate --db "$server" >/dev/null
        echo "$name holds the $journeys journeys of $file already: not imported again" >&2
    fi
    for kind in journeys steps obstacles observations; do
        [ "$loaded" != "$journeys" ] || break
        "$tracker" export --db "$file" --kind "$kind" --format csv >"$work/$kind.csv"
        rows=$(($(wc -l <"$work/$kind.csv") - 1))
        start=$(date +%s%N)
        TRACKER_ACTOR= "$tracker" import "$work/$kind.csv" --kind "$kind" --db "$server" >/dev/null
        end=$(date +%s%N)
        echo "import $kind into PostgreSQL: $rows rows in $(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f s (%d rows/s)", (e - s) / 1e9, '"$rows"' / ((e - s) / 1e9) }')" >&2
    done
    ref=$(sqlite3 "$file" "SELECT ref FROM journeys WHERE status = 'open' ORDER BY id DESC LIMIT 1")
    pair "journey show" journey show "$ref"
    pair "step log" step log "$ref" --sector employment --kind meeting --note bench
    pair "journey list --stalled 60 --limit 20" journey list --stalled 60 --limit 20
    pair "today --owner" today --owner "$(sqlite3 "$file" "SELECT owner FROM journeys WHERE owner IS NOT NULL LIMIT 1")"
    pair "sector list" sector list
    for analysis in "analyze obstacles --by category" "analyze obstacles --by sector-pair" "analyze rules" \
                    "analyze handoffs" "analyze journeys --by type" "analyze activity-vs-effect" "effect summary" \
                    "effect survival --by type" "effect incidence" "report"; do
        # shellcheck disable=SC2086
        pair "$analysis" $analysis --format json
    done
    rm -rf "$work"
done
