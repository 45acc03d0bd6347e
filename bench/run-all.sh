#!/usr/bin/env bash
# Every benchmark of the suite, one after the other, each writing its own section of docs/benchmarks.md with ratios
# to a baseline measured in the same run: request signing (vs openssl speed), the transactions grid and export on
# SQLite (vs hand-written SQL and sqlite3) and on PostgreSQL (vs hand-written SQL and psql \copy), engine throughput
# (captures through the gateway vs direct sandbox calls), and idle Blazor circuits if bench/run-circuits.sh exists.
#
#   bench/run-all.sh [ROWS (1000000, for the grid benchmarks)]
#
# PostgreSQL as in bench/run-grid.sh: MC_BENCH_POSTGRES if set, else a cluster of its own under bench/data/postgres.
# The first run generates the grid databases (a few minutes each at a million rows); later runs reuse them. Expect
# 30 to 60 minutes on a shared machine. A benchmark that fails is reported and the others still run; the script exits
# non-zero if any failed, and the top of docs/benchmarks.md then says which.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
doc="$root/docs/benchmarks.md"
rows=${1:-1000000}
started=$(date -u '+%Y-%m-%d %H:%M UTC')
failed=()

run() {
    local name=$1
    shift
    echo
    echo "######## $name: $*"
    if ! "$@"; then
        echo "######## $name FAILED" >&2
        failed+=("$name")
    fi
}

run signing "$root/bench/run-signing.sh"
run "grid (SQLite)" "$root/bench/run-grid.sh" "$rows" --provider sqlite
run "grid (PostgreSQL)" "$root/bench/run-grid.sh" "$rows" --provider postgres
run engine "$root/bench/run-engine.sh"
if [[ -x $root/bench/run-circuits.sh ]]; then
    run circuits "$root/bench/run-circuits.sh"
fi

finished=$(date -u '+%Y-%m-%d %H:%M UTC')
if [[ ${#failed[@]} -eq 0 ]]; then
    line="Last complete run of \`bench/run-all.sh $rows\`: $started → $finished; every section below is from it unless its own date says otherwise."
else
    line="Last run of \`bench/run-all.sh $rows\`: $started → $finished; FAILED: ${failed[*]} (those sections are older)."
fi
# The line sits in the introduction, before the first section; it is replaced, or added there.
awk -v line="$line" '
    /^Last (complete )?run of `bench\/run-all.sh/ { print line; done = 1; next }
    /^## / && !done { print line; print ""; done = 1 }
    { print }' "$doc" > "$doc.tmp"
mv "$doc.tmp" "$doc"
echo
echo "== $line"
[[ ${#failed[@]} -eq 0 ]]
