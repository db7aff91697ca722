#!/usr/bin/env bash
# Many caseworkers writing to one PostgreSQL database at once. Run by hand,
# never in CI:
#
#     Benchmarks/postgres-writers.sh CONNINFO [PROCESSES] [COMMANDS]     (default: 8 500)
#
# CONNINFO names a superuser session of a running server (e.g.
# "host=/tmp/cluster user=postgres"); a database tracker_writers is made (and
# replaced). PROCESSES shell loops run at once, each COMMANDS whole `tracker`
# processes in turn: a `step log` on one of four shared journeys, and every
# fifth command an `obstacle log` instead. Every command must succeed, and
# afterwards the rows, the kept facts, the audit log and `tracker check` must
# account for each of them exactly. Prints the failures, the counts and the
# commands per second.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: Benchmarks/postgres-writers.sh CONNINFO [PROCESSES] [COMMANDS]" >&2; exit 64; }
conninfo="$1"
processes="${2:-8}"
commands="${3:-500}"

swift build -c release >&2
tracker=$PWD/.build/release/tracker
export TRACKER_LANG=en
unset TRACKER_ACTOR

name=tracker_writers
psql -X -q "$conninfo" -c "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name" >/dev/null
db="$conninfo dbname=$name"
"$tracker" init --db "$db" >/dev/null
for n in 1 2 3 4; do
    "$tracker" journey open --citizen "writers-$n" --type youth --ref "W-$n" --opened 2026-01-05 --db "$db" >/dev/null
done
count() { psql -X -q -At "$db" -c "$1"; }
steps_before=$(count "SELECT count(*) FROM audit_log")

work=$(mktemp -d /tmp/tracker-writers.XXXXXX)
trap 'rm -rf "$work"' EXIT
started=$(date +%s%N)
for worker in $(seq "$processes"); do
    (
        failed=0
        # A write says what it wrote on stderr: kept only when it failed.
        said="$work/said-$worker"
        for attempt in $(seq "$commands"); do
            ref="W-$(((worker + attempt) % 4 + 1))"
            if [ $((attempt % 5)) -eq 0 ]; then
                set -- obstacle log "$ref" --category regulation --sector employment --description "writer $worker, command $attempt"
            else
                set -- step log "$ref" --sector employment --kind meeting --note "writer $worker, command $attempt"
            fi
            if ! "$tracker" "$@" --db "$db" >/dev/null 2>"$said"; then
                failed=$((failed + 1))
                cat "$said" >>"$work/errors-$worker"
            fi
        done
        echo "$failed" >"$work/failed-$worker"
    ) &
done
wait
ended=$(date +%s%N)

failures=$(cat "$work"/failed-* | awk '{ s += $1 } END { print s }')
total=$((processes * commands))
obstacles_expected=$((processes * (commands / 5)))
steps_expected=$((total - obstacles_expected))
steps=$(count "SELECT count(*) FROM steps")
obstacles=$(count "SELECT count(*) FROM obstacles")
kept_steps=$(count "SELECT sum(step_count) FROM journey_facts")
kept_obstacles=$(count "SELECT sum(obstacle_count) FROM journey_facts")
audited=$(($(count "SELECT count(*) FROM audit_log") - steps_before))
checked=0
"$tracker" check --db "$db" >/dev/null 2>&1 || checked=$?
seconds=$(awk -v s="$started" -v e="$ended" 'BEGIN { printf "%.1f", (e - s) / 1e9 }')

printf '%s processes × %s commands (%s in all) in %s s, %.0f commands/s\n' "$processes" "$commands" "$total" "$seconds" \
    "$(awk -v n="$total" -v s="$seconds" 'BEGIN { print n / s }')"
printf 'failed: %s\n' "$failures"
printf 'steps: %s of %s; kept in journey_facts: %s\n' "$steps" "$steps_expected" "$kept_steps"
printf 'obstacles: %s of %s; kept in journey_facts: %s\n' "$obstacles" "$obstacles_expected" "$kept_obstacles"
printf 'audit entries written: %s of %s\n' "$audited" "$total"
printf 'tracker check: exit %s\n' "$checked"
if cat "$work"/errors-* >"$work/errors" 2>/dev/null && [ -s "$work/errors" ]; then
    echo "the commonest errors:"
    sort "$work/errors" | uniq -c | sort -rn | awk 'NR <= 5'
fi
[ "$failures" = 0 ] && [ "$steps" = "$steps_expected" ] && [ "$kept_steps" = "$steps_expected" ] \
    && [ "$obstacles" = "$obstacles_expected" ] && [ "$kept_obstacles" = "$obstacles_expected" ] \
    && [ "$audited" = "$total" ] && [ "$checked" = 0 ]
