#!/usr/bin/env bash
# Engine throughput: captures of authorized orders through the merchant API (AmazonpaySales, the real console on
# loopback with its embedded sandbox) against the same number of CaptureCharge calls signed with the same key and sent
# straight to the sandbox, written as the gateway's overhead per capture into docs/benchmarks.md ("Engine throughput
# (captures)"). Takes a few minutes, most of it the setup (2 × N orders taken to AUTH), which is timed apart.
#
#   bench/run-engine.sh [--captures N (500)] [--rounds R (10)] [--concurrency C (1)]
#
# The console's database is a SQLite file in a scratch folder under bench/data/ (git-ignored), deleted afterwards.
# The machine is shared, so the script first waits (up to two minutes) for the load to settle; the two sides then
# alternate round by round, so a burst of other work falls on both.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
doc="$root/docs/benchmarks.md"
heading='## Engine throughput (captures)'

echo "== build (Release)"
dotnet build -c Release "$root/bench/MerchantConsole.Bench" -v quiet -nologo

for _ in $(seq 24); do
    awk '{ exit !($1 < 1.0) }' /proc/loadavg && break
    echo "waiting for a quieter machine (load $(cut -d' ' -f1-3 /proc/loadavg))"
    sleep 5
done

section=$(mktemp)
trap 'rm -f "$section"' EXIT
mkdir -p "$root/bench/data"
# Server GC, as the console runs (the web SDK's default); the bench project itself would get workstation GC.
DOTNET_gcServer=1 dotnet "$root/bench/MerchantConsole.Bench/bin/Release/net10.0/MerchantConsole.Bench.dll" engine \
    --data "$root/bench/data" --markdown "$section" "$@"
[ -s "$section" ] || { echo "benchmark produced no report" >&2; exit 1; }

mkdir -p "$(dirname "$doc")"
[ -f "$doc" ] || printf '# Benchmarks\n' > "$doc"
# Replace the section if it is there (up to the next "## " heading), else append it.
awk -v file="$section" -v heading="$heading" '
    function section() { while ((getline line < file) > 0) print line; close(file) }
    $0 == heading { skipping = 1; section(); printed = 1; next }
    skipping && /^## / { skipping = 0; print "" }
    !skipping { print }
    END { if (!printed) { print ""; section() } }' "$doc" > "$doc.tmp"
mv "$doc.tmp" "$doc"
echo "== wrote the ${heading#\#\# } section of $doc"
