#!/usr/bin/env bash
# Memory per idle Blazor circuit (issue #9): the console as its own process on a copy of a generated database (ROWS
# transactions, default 20,000, kept in bench/data/ like run-grid.sh's), CIRCUITS circuits (default 100) opened by a
# SignalR client on the transactions grid and again on one transaction's page; written into docs/benchmarks.md
# ("Idle Blazor circuits"). About two to five minutes on a busy machine; the server stops with the run (and by itself
# after 20 minutes at most).
#
#   bench/run-circuits.sh [--circuits N] [--rows ROWS] [--gc DOTNET_gcServer=0]   (--gc: compare another GC setting)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
doc="$root/docs/benchmarks.md"

echo "== build (Release)"
dotnet build -c Release "$root/bench/MerchantConsole.Bench" -v quiet -nologo

section=$(mktemp)
trap 'rm -f "$section" /tmp/mc-circuits-*.db*' EXIT
dotnet "$root/bench/MerchantConsole.Bench/bin/Release/net10.0/MerchantConsole.Bench.dll" circuits \
    --data "$root/bench/data" --markdown "$section" "$@"
[ -s "$section" ] || { echo "benchmark produced no report" >&2; exit 1; }
case " $* " in *" --gc "*) echo "== not written to $doc (a GC setting other than the app's)"; exit 0 ;; esac

[ -f "$doc" ] || printf '# Benchmarks\n' > "$doc"
# Replace the section (up to the next "## " heading), else append it.
awk -v file="$section" '
    function section() { while ((getline line < file) > 0) print line; close(file) }
    /^## Idle Blazor circuits$/ { skipping = 1; section(); printed = 1; next }
    skipping && /^## / { skipping = 0; print "" }
    !skipping { print }
    END { if (!printed) { print ""; section() } }' "$doc" > "$doc.tmp"
mv "$doc.tmp" "$doc"
echo "== wrote the Idle Blazor circuits section of $doc"
