#!/usr/bin/env bash
# Measures, by hand, the demo generation time and the import speed.
#
#   Benchmarks/import.sh [JOURNEYS]      (default 160000: about a million steps)
#
# Builds the release binary, generates a demo database, exports its journeys
# and steps as CSV, imports both into a fresh database and prints rows/s,
# then prints the counts of both (sqlite3 must be installed).
set -euo pipefail
journeys="${1:-160000}"
cd "$(dirname "$0")/.."
swift build -c release >/dev/null
tracker="$(swift build -c release --show-bin-path)/tracker"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

seconds() { date +%s.%N; }
rate() { awk -v rows="$1" -v start="$2" -v end="$3" 'BEGIN { printf "%d rows in %.2f s: %d rows/s\n", rows, end - start, rows / (end - start) }'; }

start=$(seconds)
"$tracker" demo --journeys "$journeys" --db "$work/demo.sqlite" >/dev/null 2>&1
end=$(seconds)
echo "demo --journeys $journeys: $(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f s", e - s }')"

"$tracker" export --kind journeys --format csv --db "$work/demo.sqlite" >"$work/journeys.csv" 2>/dev/null
"$tracker" export --kind steps --format csv --db "$work/demo.sqlite" >"$work/steps.csv" 2>/dev/null
"$tracker" init --db "$work/fresh.sqlite" 2>/dev/null

for kind in journeys steps; do
    rows=$(($(wc -l <"$work/$kind.csv") - 1))
    start=$(seconds)
    "$tracker" import "$work/$kind.csv" --kind "$kind" --db "$work/fresh.sqlite" 2>/dev/null
    end=$(seconds)
    echo "import $kind: $(rate "$rows" "$start" "$end")"
done

for table in journeys steps; do
    echo "$table: original $(sqlite3 "$work/demo.sqlite" "SELECT count(*) FROM $table"), imported $(sqlite3 "$work/fresh.sqlite" "SELECT count(*) FROM $table")"
done
