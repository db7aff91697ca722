#!/usr/bin/env bash
# Each measured tracker command beside the plain SQL that computes the same
# figures in the sqlite3 shell, on the same file. Run by hand, never in CI:
#
#     Benchmarks/sidebyside.sh [JOURNEYS ...]     (default: 10000 100000 1000000)
#
# For each size it builds a demo database (kept in /tmp between runs), then
# runs each pair alternately, five times, and reports the medians and their
# ratio; the plain SQL sits in Benchmarks/sql/, and a test checks on a fixture
# that each file computes the command's figures. Then each kind of import
# against the sqlite3 shell's `.import` into a staging table and an
# `INSERT … SELECT` into the same schema (Benchmarks/sql/import-*.sql), with
# the peak memory of both; and, at the largest size, a loop of caseworker
# commands in another process while the steps are imported. The results go to
# stdout and to docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)
runs=5
import_runs=3
largest=$(printf '%s\n' "${sizes[@]}" | sort -n | tail -n 1)

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

# The median of the numbers on standard input; `median` turns microseconds into milliseconds.
median_of() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
median() { median_of | awk '{ printf "%.1f", $1 / 1000 }'; }

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
imports=$(mktemp)
loop=$(mktemp)
{
    echo "| journeys | command | tracker | sqlite3 | ratio |"
    echo "|---:|---|---:|---:|---:|"
} >"$report"
{
    echo "| journeys | kind | rows | tracker | peak | sqlite3 | peak | ratio |"
    echo "|---:|---|---:|---:|---:|---:|---:|---:|"
} >"$imports"

# Seconds and peak kilobytes of one run: "SECONDS KB".
measured() {
    local out
    out=$(mktemp)
    /usr/bin/time -f '%e %M' -o "$out" "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; cat "$out" >&2; exit 1; }
    tail -n 1 "$out"
    rm -f "$out"
}

# The import of each kind by both, alternately, into copies of the same
# base file (empty for journeys, with the journeys for the rest), `imports`
# runs each: the medians of time and peak memory.
import_pairs() {
    local size="$1" src="$2" work
    work=$(mktemp -d /tmp/tracker-sidebyside-import.XXXXXX)
    for kind in journeys steps obstacles observations; do
        "$tracker" export --db "$src" --kind "$kind" --format csv >"$work/$kind.csv"
    done
    "$tracker" init --db "$work/empty.sqlite" >/dev/null
    cp "$work/empty.sqlite" "$work/with-journeys.sqlite"
    "$tracker" import "$work/journeys.csv" --kind journeys --db "$work/with-journeys.sqlite" >/dev/null
    # Whole files to copy: the write-ahead logs folded in.
    for file in "$work/empty.sqlite" "$work/with-journeys.sqlite"; do sqlite3 "$file" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null; done
    for kind in journeys steps obstacles observations; do
        local base=$work/with-journeys.sqlite ours=() theirs=()
        [ "$kind" = journeys ] && base=$work/empty.sqlite
        for _ in $(seq "$import_runs"); do
            rm -f "$work"/[ab].sqlite*
            cp "$base" "$work/a.sqlite"
            ours+=("$(measured "$tracker" import "$work/$kind.csv" --kind "$kind" --db "$work/a.sqlite")")
            cp "$base" "$work/b.sqlite"
            theirs+=("$(cd "$work" && measured sh -c "sqlite3 b.sqlite < '$root/Benchmarks/sql/import-$kind.sql'")")
        done
        local rows a am b bm
        rows=$(($(sqlite3 "$work/a.sqlite" "SELECT count(*) FROM $kind") - $(sqlite3 "$base" "SELECT count(*) FROM $kind")))
        [ "$rows" = "$(($(sqlite3 "$work/b.sqlite" "SELECT count(*) FROM $kind") - $(sqlite3 "$base" "SELECT count(*) FROM $kind")))" ] \
            || { echo "the two imports of $kind wrote different counts" >&2; exit 1; }
        a=$(printf '%s\n' "${ours[@]}" | awk '{ print $1 }' | median_of)
        am=$(printf '%s\n' "${ours[@]}" | awk '{ print $2 / 1024 }' | median_of)
        b=$(printf '%s\n' "${theirs[@]}" | awk '{ print $1 }' | median_of)
        bm=$(printf '%s\n' "${theirs[@]}" | awk '{ print $2 / 1024 }' | median_of)
        printf '| %s | %s | %s | %.2f s | %.0f MB | %.2f s | %.0f MB | %s |\n' "$size" "$kind" "$rows" "$a" "$am" "$b" "$bm" \
            "$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')"
    done
    if [ "$size" = "$largest" ]; then caseworker_loop "$work"; fi
    rm -rf "$work"
}

# A caseworker's `step log` and `journey show` in a loop, in another
# process, while all the steps are imported: every command must succeed.
caseworker_loop() {
    local work="$1" ref pid ok=0 failed=0 started
    rm -f "$work"/a.sqlite*
    cp "$work/with-journeys.sqlite" "$work/a.sqlite"
    ref=$(sqlite3 "$work/a.sqlite" "SELECT ref FROM journeys WHERE status = 'open' ORDER BY id LIMIT 1")
    started=$(date +%s%N)
    "$tracker" import "$work/steps.csv" --kind steps --db "$work/a.sqlite" >/dev/null 2>&1 &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
        if "$tracker" --db "$work/a.sqlite" step log "$ref" --sector employment --kind meeting --note loop >/dev/null 2>&1 \
            && "$tracker" --db "$work/a.sqlite" journey show "$ref" >/dev/null 2>&1; then
            ok=$((ok + 1))
        else
            failed=$((failed + 1))
        fi
    done
    wait "$pid"
    local logged
    logged=$(sqlite3 "$work/a.sqlite" "SELECT count(*) FROM steps WHERE note = 'loop'")
    printf 'While %s steps were imported (%.1f s), a caseworker ran `step log` and `journey show` %s times in another process: %s failed; %s loop steps are in the file.\n' \
        "$(($(wc -l <"$work/steps.csv") - 1))" "$(awk -v s="$started" -v e="$(date +%s%N)" 'BEGIN { print (e - s) / 1e9 }')" \
        "$((ok + failed))" "$failed" "$logged" >"$loop"
}

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
    import_pairs "$size" "$db" | tee -a "$imports"
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

# The generated part of docs/performance.md lies between two markers; what
# follows the second (the reading of the figures) is kept.
generated=$(mktemp)
{
    echo "# Performance, side by side with sqlite3"
    echo
    echo "<!-- generated by Benchmarks/sidebyside.sh: everything up to the end marker -->"
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
    echo
    echo "## Import, side by side with the sqlite3 shell's .import"
    echo
    echo "Each kind exported from the demo as CSV and imported into a copy of one base"
    echo "file (empty for journeys, holding the journeys for the rest), by \`tracker"
    echo "import\` and by \`Benchmarks/sql/import-KIND.sql\` in the sqlite3 shell (the"
    echo "same rows, unvalidated); medians of $import_runs runs, peak resident memory."
    echo
    cat "$imports"
    echo
    cat "$loop"
    echo
    echo "<!-- end of the generated part -->"
} >"$generated"
if grep -q '^<!-- end of the generated part -->$' docs/performance.md 2>/dev/null; then
    sed -n '/^<!-- end of the generated part -->$/,$p' docs/performance.md | tail -n +2 >>"$generated"
fi
mv "$generated" docs/performance.md
rm -f "$report" "$imports" "$loop"
echo "wrote docs/performance.md" >&2
