#!/usr/bin/env bash
# The long reliability runs of docs/reliability.md, against the real console as its own process on 127.0.0.1 (its own
# SQLite file in a temp folder, the embedded sandbox as Amazon), its shop set up by the Owner in Chromium:
#
#   bench/run-reliability.sh soak|crash|load|all [options passed on]
#
#   soak   10,000 merchant-API operations (--operations N) from 40 concurrent clients (--clients C) while the sandbox
#          injects faults on about 20% of Amazon's calls; capped at 25 minutes (--minutes M). Then faults off, settle,
#          and check every transaction, capture and refund against the sandbox and every failure against the journal.
#          Writes section "## 11. Soak".
#   crash  2,000 authorized orders (--orders N), a bulk capture started by staff, five SIGKILLs (--kills K) at random
#          moments with a restart on the same database after each; then the job's result and the same agreement.
#          Writes section "## 12. Crash loop".
#   load   300 authorized orders first (--seed N), then 100 staff circuits (--staff N) switching filtered grid views
#          every 5-15 s while the merchant API takes 200 requests a second (--rate R): checkouts, 実売上, キャンセル,
#          取引状態参照; 60 s of warm-up (--warmup S), then 60 s measured (--seconds S). No faults. Reports the
#          server's own latency per endpoint (p50/p95/p99, read from the console's request log); fails on any error or
#          an API rate under 95% of the target. About 5 minutes. Writes section "## 13. Load".
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
        # Replace what sits between the section's run-reliability markers, keeping the text written around them.
        if ! awk -v title="$2" '$0 == title { found = 1; next } found && /^## / { exit } found && /^<!-- run-reliability:begin/ { ok = 1; exit } END { exit !ok }' "$doc"; then
            echo "== \"$2\" in $doc has no run-reliability markers; the figures are in $section" >&2
            return 1
        fi
        awk -v title="$2" -v file="$section" '
            function body() { print ""; while ((getline line < file) > 0) print line; close(file); print "" }
            $0 == title { inside = 1 }
            inside && /^## / && $0 != title { inside = 0 }
            inside && /^<!-- run-reliability:begin/ { print; body(); skipping = 1; next }
            skipping && /^<!-- run-reliability:end/ { skipping = 0 }
            !skipping { print }' "$doc" > "$doc.tmp"
        mv "$doc.tmp" "$doc"
        echo "== wrote \"$2\" in $doc"
    fi
    rm -f "$section"
    return $status
}

status=0
case "$mode" in
    soak) run soak "## 11. Soak" "$@" || status=$? ;;
    crash) run crash "## 12. Crash loop" "$@" || status=$? ;;
    load) run load "## 13. Load" "$@" || status=$? ;;
    all)
        run soak "## 11. Soak" "$@" || status=$?
        run crash "## 12. Crash loop" "$@" || status=$?
        run load "## 13. Load" "$@" || status=$?
        ;;
    *) echo "usage: $0 soak|crash|load|all" >&2; exit 2 ;;
esac
exit $status
