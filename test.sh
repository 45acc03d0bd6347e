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

# Debian's Chromium (Playwright cannot download browsers here), a Japanese font for real screenshots, and
# PostgreSQL for the integration tests' second pass.
need=()
[ -x "${MC_CHROMIUM:-/usr/bin/chromium}" ] || need+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
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
# Each provider has its own migrations, generated from the one model: neither may fall behind.
dotnet ef migrations has-pending-model-changes --project MerchantConsole --no-build --configuration "$config" --context ApplicationDbContext \
  || step_failed "SQLite migrations check (run: dotnet ef migrations add <Name> --project MerchantConsole --context ApplicationDbContext --output-dir Data/Migrations)"
dotnet ef migrations has-pending-model-changes --project MerchantConsole --no-build --configuration "$config" --context PostgresMigrationsContext \
  || step_failed "PostgreSQL migrations check (run: dotnet ef migrations add <Name> --project MerchantConsole --context PostgresMigrationsContext --output-dir Data/PostgresMigrations --namespace MerchantConsole.Data.PostgresMigrations)"
dotnet format MerchantConsole.sln --verify-no-changes --no-restore || step_failed "format check (run: dotnet format)"

# A throwaway PostgreSQL cluster on loopback for the second pass of the integration tests.
pg_folder=$(mktemp -d)
chmod 755 "$pg_folder"
# Every console of the three passes records its log lines, responses and secrets here; the last step scans them.
scan_folder=$(mktemp -d)
export MC_SECRET_SCAN="$scan_folder"
trap '.ci/postgres stop "$pg_folder/cluster"; rm -rf "$scan_folder"' EXIT
postgres=$(.ci/postgres start "$pg_folder/cluster") || step_failed "starting PostgreSQL"

# MerchantConsole.Tests runs twice: on SQLite, then with every console of the suite on PostgreSQL. The e2e journeys
# run on SQLite except the two-instance journey, which creates its own database on the same server (MC_TEST_POSTGRES).
# The last pass reads what the others recorded: no ShopPass, AccessPass or key material in a log line or response
# (docs/reliability.md §16).
for pass in "MerchantConsole.Tests sqlite" "MerchantConsole.Tests postgres" "e2e sqlite+postgres" "MerchantConsole.Tests secret-scan"; do
  read -r project provider <<<"$pass"
  echo "test.sh: $project on $provider"
  log=$(mktemp)
  if [ "$provider" = secret-scan ]; then
    MC_SECRET_SCAN= MC_SECRET_SCAN_FINAL="$scan_folder" dotnet test "$project" --no-build -c "$config" \
      --filter "FullyQualifiedName~SecretScanTests.No_log_line" 2>&1 | tee "$log"
    # summary.txt ends without a newline; the count line CI reads must start a line of its own.
    cat "$scan_folder/summary.txt" 2>/dev/null && echo
  elif [ "$provider" != sqlite ]; then
    MC_TEST_POSTGRES="$postgres" dotnet test "$project" --no-build -c "$config" 2>&1 | tee "$log"
  else
    dotnet test "$project" --no-build -c "$config" 2>&1 | tee "$log"
  fi
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
