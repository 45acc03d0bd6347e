#!/usr/bin/env bash
# The transactions grid and CSV export against hand-written SQL and sqlite3's own CSV export, on one SQLite file of
# ROWS transactions (default 1,000,000), written as ratios into docs/benchmarks.md ("Transactions grid and export").
#
#   bench/run-grid.sh [ROWS] [--rounds R] [--export-rounds R]
#
# The database is generated once per ROWS into bench/data/ (git-ignored; about 870 MB and a few minutes for a
# million rows) through the app's own migrations, and reused afterwards; a new migration (an index, say) is
# applied to it as the console's start-up would. The run itself takes five to ten minutes on a busy machine.
#
# The machine is shared, so the script first waits (up to two minutes) for the load to settle; the benchmark then
# alternates app and baseline round by round, so a burst of other work falls on both, and reports medians (and bests).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
doc="$root/docs/benchmarks.md"
rows=1000000
if [[ $# -gt 0 && $1 =~ ^[0-9]+$ ]]; then
    rows=$1
    shift
fi

echo "== build (Release)"
dotnet build -c Release "$root/bench/MerchantConsole.Bench" -v quiet -nologo

for _ in $(seq 24); do
    awk '{ exit !($1 < 1.0) }' /proc/loadavg && break
    echo "waiting for a quieter machine (load $(cut -d' ' -f1-3 /proc/loadavg))"
    sleep 5
done

section=$(mktemp)
trap 'rm -f "$section"' EXIT
# Server GC, as the console runs (the web SDK's default); the bench project itself would get workstation GC.
DOTNET_gcServer=1 dotnet "$root/bench/MerchantConsole.Bench/bin/Release/net10.0/MerchantConsole.Bench.dll" grid \
    --rows "$rows" --data "$root/bench/data" --markdown "$section" "$@"
[ -s "$section" ] || { echo "benchmark produced no report" >&2; exit 1; }

mkdir -p "$(dirname "$doc")"
[ -f "$doc" ] || printf '# Benchmarks\n' > "$doc"
# Replace the section if it is there (up to the next "## " heading), else append it. The section is read from its
# file with getline: awk -v would interpret the backslashes of the SQL it quotes.
awk -v file="$section" '
    function section() { while ((getline line < file) > 0) print line; close(file) }
    /^## Transactions grid and export$/ { skipping = 1; section(); printed = 1; next }
    skipping && /^## / { skipping = 0; print "" }
    !skipping { print }
    END { if (!printed) { print ""; section() } }' "$doc" > "$doc.tmp"
mv "$doc.tmp" "$doc"
echo "== wrote the Transactions grid and export section of $doc"
