#!/usr/bin/env bash
# The transactions grid and CSV export against hand-written SQL and the database's own CSV export (sqlite3 -csv,
# psql \copy), on ROWS transactions (default 1,000,000), written as ratios into docs/benchmarks.md ("Transactions grid
# and export", "Transactions grid and export (PostgreSQL)").
#
#   bench/run-grid.sh [ROWS] [--provider sqlite|postgres] [--rounds R] [--export-rounds R]
#
# PostgreSQL: the server in MC_BENCH_POSTGRES (an Npgsql connection string, e.g. "Host=127.0.0.1;Port=5432;
# Username=postgres;Password=…") if set; else a cluster of the script's own under bench/data/postgres, made once with
# .ci/postgres (Debian's postgresql package), started for the run and stopped after it; its databases are kept.
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
provider=sqlite
args=()
while [[ $# -gt 0 ]]; do
    case $1 in
        --provider) provider=$2; shift 2 ;;
        *) if [[ ${#args[@]} -eq 0 && $1 =~ ^[0-9]+$ ]]; then rows=$1; else args+=("$1"); fi; shift ;;
    esac
done
case $provider in
    sqlite) heading='## Transactions grid and export' ;;
    postgres) heading='## Transactions grid and export (PostgreSQL)' ;;
    *) echo "--provider sqlite|postgres" >&2; exit 2 ;;
esac

cluster="$root/bench/data/postgres"
started_cluster=
stop_cluster() {
    if [[ -n $started_cluster ]]; then
        runuser_if_root "$pg_bin/pg_ctl" -D "$cluster/data" -m fast stop >/dev/null || true
    fi
}
runuser_if_root() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
trap stop_cluster EXIT
if [[ $provider == postgres ]]; then
    if [[ -n ${MC_BENCH_POSTGRES:-} ]]; then
        args+=(--postgres "$MC_BENCH_POSTGRES")
    else
        pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
        [[ -x $pg_bin/pg_ctl ]] || { echo "PostgreSQL is not installed (apt-get install postgresql), and MC_BENCH_POSTGRES is not set" >&2; exit 1; }
        mkdir -p "$root/bench/data"
        if [[ ! -d $cluster/data ]]; then
            # A new cluster: the project's own script makes it (loopback, trust, no fsync: a benchmark's data is rebuilt, not recovered).
            conn=$("$root/.ci/postgres" start "$cluster")
            port=$(sed -E 's/.*Port=([0-9]+).*/\1/' <<<"$conn")
        else
            port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
            runuser_if_root "$pg_bin/pg_ctl" -D "$cluster/data" -l "$cluster/log" -w -t 60 \
                -o "-c listen_addresses=127.0.0.1 -p $port -k $cluster -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
                start >/dev/null
        fi
        started_cluster=1
        args+=(--postgres "Host=127.0.0.1;Port=$port;Username=postgres")
    fi
fi

echo "== build (Release)"
dotnet build -c Release "$root/bench/MerchantConsole.Bench" -v quiet -nologo

# MC_BENCH_NO_WAIT=1 skips the wait (a machine that will not settle: its load is stated next to the figures anyway).
for _ in $(seq $([[ -n ${MC_BENCH_NO_WAIT:-} ]] && echo 0 || echo 24)); do
    awk '{ exit !($1 < 1.0) }' /proc/loadavg && break
    echo "waiting for a quieter machine (load $(cut -d' ' -f1-3 /proc/loadavg))"
    sleep 5
done

section=$(mktemp)
trap 'rm -f "$section"; stop_cluster' EXIT
# Server GC, as the console runs (the web SDK's default); the bench project itself would get workstation GC.
DOTNET_gcServer=1 dotnet "$root/bench/MerchantConsole.Bench/bin/Release/net10.0/MerchantConsole.Bench.dll" grid \
    --rows "$rows" --data "$root/bench/data" --markdown "$section" --provider "$provider" ${args[@]+"${args[@]}"}
[ -s "$section" ] || { echo "benchmark produced no report" >&2; exit 1; }

mkdir -p "$(dirname "$doc")"
[ -f "$doc" ] || printf '# Benchmarks\n' > "$doc"
# Replace the section if it is there (up to the next "## " heading), else append it. The section is read from its
# file with getline: awk -v would interpret the backslashes of the SQL it quotes.
awk -v file="$section" -v heading="$heading" '
    function section() { while ((getline line < file) > 0) print line; close(file) }
    $0 == heading { skipping = 1; section(); printed = 1; next }
    skipping && /^## / { skipping = 0; print "" }
    !skipping { print }
    END { if (!printed) { print ""; section() } }' "$doc" > "$doc.tmp"
mv "$doc.tmp" "$doc"
echo "== wrote the ${heading#\#\# } section of $doc"
