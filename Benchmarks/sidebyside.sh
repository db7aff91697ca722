#!/usr/bin/env bash
# Each measured tracker command beside the plain SQL that computes the same
# figures in the sqlite3 shell, on the same file. Run by hand, never in CI:
#
#     Benchmarks/sidebyside.sh [JOURNEYS ...]     (default: 10000 100000 1000000)
#
# For each size it builds a demo database (kept in /tmp between runs), then
# runs each pair alternately, five times, and reports the medians and their
# ratio; the plain SQL sits in Benchmarks/sql/, and a test checks on a fixture
# that each file computes the command's figures. The results go to stdout and
# to docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)
runs=5

swift build -c release --static-swift-stdlib >&2
tracker=$PWD/.build/release/tracker
export TRACKER_ACTOR=bench TRACKER_LANG=en

# Milliseconds of one run of a command, its output thrown away.
millis() {
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    echo $(((end - start) / 1000))
}

# The plain SQL through the sqlite3 shell's standard input (a file that
# starts with a comment would read as an option on its command line).
plain() { printf '%s\n' "$2" | sqlite3 -readonly "$1"; }

median() { sort -n | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.1f", m / 1000 }'; }

# One pair: a tracker command and the sqlite3 statement doing its work,
# alternately, `runs` times each after one warm-up of both.
pair() {
    local label="$1" db="$2" sql="$3"; shift 3
    # A warm-up of both, which must succeed: a failing side would time an error.
    "$tracker" --db "$db" "$@" >/dev/null || { echo "tracker $* failed" >&2; exit 1; }
    [ -n "$(plain "$db" "$sql")" ] || { echo "the plain SQL of $label gave nothing" >&2; exit 1; }
    local ours=() theirs=()
    for _ in $(seq "$runs"); do
        ours+=("$(millis "$tracker" --db "$db" "$@")")
        theirs+=("$(millis plain "$db" "$sql")")
    done
    local a b
    a=$(printf '%s\n' "${ours[@]}" | median)
    b=$(printf '%s\n' "${theirs[@]}" | median)
    printf '| %s | %s | %s ms | %s ms | %s |\n' "$size" "$label" "$a" "$b" \
        "$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')"
}

report=$(mktemp)
{
    echo "| journeys | command | tracker | sqlite3 | ratio |"
    echo "|---:|---|---:|---:|---:|"
} >"$report"

for size in "${sizes[@]}"; do
    db=/tmp/tracker-sidebyside-$size.sqlite
    if [ ! -f "$db" ]; then
        /usr/bin/time -f "demo $size journeys: %e s, peak %M KB" "$tracker" demo --db "$db" --journeys "$size" >/dev/null
    fi
    "$tracker" migrate --db "$db" >/dev/null 2>&1
    ref=$(sqlite3 "$db" "SELECT ref FROM journeys WHERE id = (SELECT max(id) / 2 FROM journeys)")
    today=$(date -u +%F)
    {
        for file in Benchmarks/sql/analyze-*.sql; do
            name=$(basename "$file" .sql)
            # analyze-obstacles-category is `analyze obstacles --by category`,
            # analyze-rules is `analyze rules`.
            read -r -a words <<<"$(echo "$name" | sed -E 's/^analyze-([a-z]+)-(.+)$/analyze \1 --by \2/; s/^analyze-([a-z]+)$/analyze \1/')"
            pair "${words[*]}" "$db" "$(cat "$file")" "${words[@]}" --format json
        done
        pair "sector list" "$db" "SELECT * FROM sectors ORDER BY id" sector list
        pair "journey show" "$db" \
            "SELECT * FROM journeys WHERE ref = '$ref'; SELECT * FROM steps WHERE journey_id = (SELECT id FROM journeys WHERE ref = '$ref') ORDER BY at, id;" \
            journey show "$ref"
        pair "journey list --stalled 60 --limit 20" "$db" \
            "SELECT j.id, j.ref, j.owner, f.last_step_at, julianday('$today') - f.quiet_day FROM journey_facts f JOIN journeys j ON j.id = f.journey_id WHERE f.is_open = 1 AND f.quiet_day < julianday('$today') - 60 ORDER BY f.quiet_day, f.journey_id LIMIT 20" \
            journey list --stalled 60 --limit 20
    } | tee -a "$report"
done

# How each tracker figure grows with the journeys: one row per command.
growth() {
    awk -F'|' 'NR > 2 && NF > 4 {
            for (f = 2; f <= 4; f++) gsub(/^ +| +$/, "", $f)
            size[$2] = 1; t[$3, $2] = $4; if (!($3 in seen)) { seen[$3] = 1; order[++n] = $3 }
        }
        END {
            m = 0; for (s in size) sizes[++m] = s + 0
            for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (sizes[j] < sizes[i]) { x = sizes[i]; sizes[i] = sizes[j]; sizes[j] = x }
            printf "| command |"; for (i = 1; i <= m; i++) printf " %s |", sizes[i]; print ""
            printf "|---|"; for (i = 1; i <= m; i++) printf "---:|"; print ""
            for (k = 1; k <= n; k++) {
                printf "| %s |", order[k]
                for (i = 1; i <= m; i++) printf " %s |", t[order[k], sizes[i] ""]
                print ""
            }
        }' "$1"
}

{
    echo "# Performance, side by side with sqlite3"
    echo
    echo "Written by \`Benchmarks/sidebyside.sh ${sizes[*]}\` on $(date -u +%F), $(nproc) cores,"
    echo "release build; each figure the median of $runs whole-process runs, alternating"
    echo "with the plain SQL of \`Benchmarks/sql/\` (or the bare statement) in the sqlite3 shell."
    echo
    cat "$report"
    echo
    echo "## How the tracker's times grow with the journeys"
    echo
    growth "$report"
} >docs/performance.md
rm -f "$report"
echo "wrote docs/performance.md" >&2
