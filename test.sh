#!/usr/bin/env bash
# The one test command: installs what the browser tests need, builds, checks migrations and formatting,
# runs every test project, and ends with one line "N passed, N failed, N skipped" (non-zero exit on failure).
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
config="${CONFIGURATION:-Debug}"
passed=0 failed=0 skipped=0

finish() {
  echo "${passed} passed, ${failed} failed, ${skipped} skipped"
  [ "$failed" -eq 0 ]
  exit $?
}

step_failed() {
  echo "test.sh: $1 failed" >&2
  failed=$((failed + 1))
  finish
}

# Debian's Chromium (Playwright cannot download browsers here) and a Japanese font for real screenshots.
need=()
[ -x "${MC_CHROMIUM:-/usr/bin/chromium}" ] || need+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "test.sh: installing ${need[*]} with apt-get"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null) \
      || echo "test.sh: could not install ${need[*]}; browser tests will say why they fail" >&2
  else
    echo "test.sh: ${need[*]} missing and not root with apt-get; browser tests will say why they fail" >&2
  fi
fi

dotnet tool restore >/dev/null || step_failed "dotnet tool restore"
dotnet restore MerchantConsole.sln || step_failed "restore"
dotnet build MerchantConsole.sln --no-restore -c "$config" -warnaserror || step_failed "build"
dotnet ef migrations has-pending-model-changes --project MerchantConsole --no-build --configuration "$config" \
  || step_failed "migrations check (run: dotnet ef migrations add <Name> --project MerchantConsole --output-dir Data/Migrations)"
dotnet format MerchantConsole.sln --verify-no-changes --no-restore || step_failed "format check (run: dotnet format)"

for project in MerchantConsole.Tests e2e; do
  log=$(mktemp)
  dotnet test "$project" --no-build -c "$config" 2>&1 | tee "$log"
  summary=$(grep -E '^(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$log" | tail -n 1)
  if [ -z "$summary" ]; then
    echo "test.sh: $project produced no test summary" >&2
    failed=$((failed + 1))
  else
    failed=$((failed + $(sed -E 's/.*Failed: +([0-9]+),.*/\1/' <<<"$summary")))
    passed=$((passed + $(sed -E 's/.*Passed: +([0-9]+),.*/\1/' <<<"$summary")))
    skipped=$((skipped + $(sed -E 's/.*Skipped: +([0-9]+),.*/\1/' <<<"$summary")))
  fi
  rm -f "$log"
done

finish
