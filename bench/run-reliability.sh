#!/usr/bin/env bash
# The long reliability runs of docs/reliability.md, against the real console as its own process on 127.0.0.1 (its own
# SQLite file in a temp folder, the embedded sandbox as Amazon), its shop set up by the Owner in Chromium:
#
#   bench/run-reliability.sh soak|crash|all [options passed on]
#
#   soak   10,000 merchant-API operations (--operations N) from 16 concurrent clients (--clients C) while the sandbox
#          injects faults on about 20% of Amazon's calls; capped at 25 minutes (--minutes M). Then faults off, settle,
#          and check every transaction, capture and refund against the sandbox and every failure against the journal.
#          Writes section "## 11. Soak".
#   crash  2,000 authorized orders (--orders N), a bulk capture started by staff, five SIGKILLs (--kills K) at random
#          moments with a restart on the same database after each; then the job's result and the same agreement.
#          Writes section "## 12. Crash loop".
#
# Each run stops by itself (bounded in count and time). Exit code non-zero if a check failed; the console's logs and
# database are then kept in the temp folder the run names.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
doc="$root/docs/reliability.md"
mode=${1:-all}
shift || true

# MC_RELIABILITY_NO_BUILD=1 skips the build (two runs started side by side share one build).
if [ -z "${MC_RELIABILITY_NO_BUILD:-}" ]; then
    echo "== build (Release)"
    dotnet build -c Release "$root/bench/MerchantConsole.Reliability" -v quiet -nologo
fi

run() { # mode, section title
    local section status=0
    section=$(mktemp)
    DOTNET_gcServer=1 dotnet "$root/bench/MerchantConsole.Reliability/bin/Release/net10.0/MerchantConsole.Reliability.dll" "$1" \
        --markdown "$section" "${@:3}" || status=$?
    if [ -s "$section" ]; then
        {
            echo
            echo 'Command: `bench/run-reliability.sh '"$1"'` (about 30 minutes on a busy 2-core machine).'
            echo
            cat "$section"
        } > "$section.md"
        # Replace the section's body (up to the next "## " heading), keeping its title.
        awk -v title="$2" -v file="$section.md" '
            function body() { while ((getline line < file) > 0) print line; close(file) }
            $0 == title { print; body(); skipping = 1; next }
            skipping && /^## / { skipping = 0; print "" }
            !skipping { print }' "$doc" > "$doc.tmp"
        mv "$doc.tmp" "$doc"
        echo "== wrote \"$2\" in $doc"
    fi
    rm -f "$section" "$section.md"
    return $status
}

status=0
case "$mode" in
    soak) run soak "## 11. Soak" "$@" || status=$? ;;
    crash) run crash "## 12. Crash loop" "$@" || status=$? ;;
    all)
        run soak "## 11. Soak" "$@" || status=$?
        run crash "## 12. Crash loop" "$@" || status=$?
        ;;
    *) echo "usage: $0 soak|crash|all" >&2; exit 2 ;;
esac
exit $status
