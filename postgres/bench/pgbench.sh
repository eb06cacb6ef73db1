#!/usr/bin/env bash
# pgbench.sh measures the store's two hot operations beside pgbench on the
# same server, in one run, and prints the medians and their ratios:
#
#   BenchmarkPostgresAuthenticateSession p50  against  pgbench -S p50
#   BenchmarkPostgresDeactivate p50           against  deactivate.sql under
#                                                      pgbench -M prepared
#
# and, to tell the statement's cost from the Go side's, the session
# statement itself (session.sql) under pgbench -M prepared.
#
# It creates a database (carenet_pgbench, dropped at the end), runs
# pgbench -i in it, migrates the SDK's schema into it and loads the
# benchmarks' 100,000 people (people.sql). Then, for each round, it runs
# pgbench -S, session.sql under pgbench -M prepared, the Go
# authentication benchmark, deactivate.sql under
# pgbench -M prepared, and the Go deactivation benchmark, one after the
# other, so that the machine's load falls on all of them alike. Every
# figure is a median of single-client latencies (pgbench's per-transaction
# log; the Go benchmarks' p50-µs), and the summary the median of the
# rounds.
#
# Usage (from anywhere in the repository):
#
#   postgres/bench/pgbench.sh [-rounds N] [-quick]
#
# -quick runs one short round, to check that everything works. The server
# comes from CARENET_TEST_DATABASE_URL, as for the tests (default: the
# local server as user postgres); pgbench from PATH or PostgreSQL's bin
# directory. Too slow for CI (a few minutes).
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$PATH:/usr/local/go/bin:$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"

rounds=5 seconds=15 gox=3000 deactx=2000
while [ $# -gt 0 ]; do
	case "$1" in
	-rounds) rounds="$2"; shift 2 ;;
	-quick) rounds=1 seconds=3 gox=300 deactx=200; shift ;;
	*) echo "usage: $0 [-rounds N] [-quick]" >&2; exit 2 ;;
	esac
done

base="${CARENET_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable}"
db=carenet_pgbench
# url returns base naming database $1 (a URL DSN).
url() { printf '%s' "$base" | sed -E "s#^([a-z]+://[^/]*)/[^?]*#\\1/$1#"; }
bench_url=$(url "$db")
work=$(mktemp -d)
cleanup() { psql -q "$base" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

echo "== preparing $db: pgbench -i, the SDK's schema, 100,000 people"
psql -q "$base" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db" >/dev/null
pgbench -i -q "$bench_url" >/dev/null 2>&1
go run ./cmd/carenet -dsn "$bench_url" migrate >/dev/null
psql -q -v ON_ERROR_STOP=1 -v n=100000 "$bench_url" -f postgres/bench/people.sql >/dev/null

# median prints the median of the numbers on stdin.
median() { sort -n | awk '{v[NR]=$1} END {if (NR==0) {print "NaN"; exit} if (NR%2) print v[(NR+1)/2]; else printf "%.1f\n", (v[NR/2]+v[NR/2+1])/2}'; }

# pgbench_p50 runs pgbench with its arguments, one client, logging each
# transaction, and prints the median latency in microseconds.
pgbench_p50() {
	rm -f "$work"/log*
	pgbench -n -c 1 -j 1 -l --log-prefix="$work/log" "$@" "$bench_url" >"$work/pgbench.out" 2>&1 || { cat "$work/pgbench.out" >&2; exit 1; }
	if grep -q "failed\|aborted" "$work/pgbench.out" && ! grep -q "number of failed transactions: 0" "$work/pgbench.out"; then
		grep -i "failed\|aborted" "$work/pgbench.out" >&2
	fi
	cat "$work"/log* | awk '{print $3}' | median
}

# go_p50 runs the Go benchmark $1 for $2 iterations and prints its p50-µs.
go_p50() {
	go test -run '^$' -bench "^$1\$" -benchtime "$2x" -count 1 ./postgres/ >"$work/go.out" 2>&1 || { cat "$work/go.out" >&2; exit 1; }
	awk '/^Benchmark/ {for (i = 1; i < NF; i++) if ($(i+1) == "p50-µs") print $i}' "$work/go.out"
}

: >"$work/S"; : >"$work/stmt"; : >"$work/auth"; : >"$work/prep"; : >"$work/deact"
for r in $(seq 1 "$rounds"); do
	s=$(pgbench_p50 -S -T "$seconds")
	l=$(pgbench_p50 -M prepared -f postgres/bench/session.sql -T "$seconds")
	a=$(go_p50 BenchmarkPostgresAuthenticateSession "$gox")
	p=$(pgbench_p50 -M prepared -f postgres/bench/deactivate.sql -T "$seconds")
	d=$(go_p50 BenchmarkPostgresDeactivate "$deactx")
	echo "$s" >>"$work/S"; echo "$l" >>"$work/stmt"; echo "$a" >>"$work/auth"; echo "$p" >>"$work/prep"; echo "$d" >>"$work/deact"
	printf 'round %d: pgbench -S %s µs, -M prepared session.sql %s µs, Authenticate %s µs; pgbench -M prepared deactivate %s µs, Deactivate %s µs\n' "$r" "$s" "$l" "$a" "$p" "$d"
done

S=$(median <"$work/S"); L=$(median <"$work/stmt"); A=$(median <"$work/auth"); P=$(median <"$work/prep"); D=$(median <"$work/deact")
echo "== medians of $rounds round(s), p50 latency in µs, one client"
printf '%-52s %10s\n' "pgbench -S" "$S"
printf '%-52s %10s   %.2fx  (the statement alone)\n' "pgbench -M prepared -f session.sql" "$L" "$(echo "$L $S" | awk '{print $1/$2}')"
printf '%-52s %10s   %.2fx  (goal <= 2x)\n' "BenchmarkPostgresAuthenticateSession" "$A" "$(echo "$A $S" | awk '{print $1/$2}')"
printf '%-52s %10s\n' "pgbench -M prepared -f deactivate.sql" "$P"
printf '%-52s %10s   %.2fx  (goal <= 1.5x)\n' "BenchmarkPostgresDeactivate" "$D" "$(echo "$D $P" | awk '{print $1/$2}')"
