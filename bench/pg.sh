#!/bin/sh
# kasir on PostgreSQL (issue 7, "Speed"): token creation with one node and
# with two nodes on one database, durable commits (synchronous_commit on).
#
#  1. starts a throw-away PostgreSQL (scripts/pg-dev.sh) and a merchant;
#  2. one node: $BUILD/kasir serve --db postgres://... --threads 2, warmed
#     up, then wrk -s bench/create.lua (the full 1.5 KB request, a unique
#     order_id per request) for BENCH_DURATION;
#  3. two nodes on the same database: a second kasir, and one wrk per node
#     with half the connections each, at the same time;
#  4. a table: creates/s for each, the ratio two ÷ one, and the share of the
#     machine's CPU time that PostgreSQL (postmaster and every backend) and
#     the kasir nodes used during each run (from /proc).
#
# Knobs: BENCH_DURATION (10s), BENCH_CONNECTIONS (64), BENCH_WRK_THREADS (2),
# BENCH_SERVER_THREADS (2).
set -eu
cd "$(dirname "$0")/.."

. bench/lib.sh
DURATION=${BENCH_DURATION:-10s}
SECS=${DURATION%s}
bench_need wrk node psql

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kasir-bench-pg.XXXXXX")
pgdir=""
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	for p in $pids; do wait "$p" 2>/dev/null || true; done
	[ -n "$pgdir" ] && scripts/pg-dev.sh stop "$pgdir"
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
ulimit -n 4096 2>/dev/null || true

out=$(scripts/pg-dev.sh start)
pgdir=${out%% *}
db=${out#* }
echo "bench: PostgreSQL in $pgdir at $db"

bench_merchant "$db" "$tmp/merchant.json"

# starts a node; sets node_url and adds its pid to pids
start_node() {
	bench_serve "$1" "$db"
	pids="$pids $server_pid"
	node_url=$url
}

# CPU ticks used so far by a process and its finished children
ticks_of() {
	awk '{print $14 + $15 + $16 + $17}' "/proc/$1/stat" 2>/dev/null || echo 0
}
# ... by PostgreSQL: the postmaster, its live backends and its dead ones
pg_ticks() {
	pm=$(head -n 1 "$pgdir/data/postmaster.pid")
	t=$(ticks_of "$pm")
	for c in $(cat "/proc/$pm/task/$pm/children" 2>/dev/null); do
		t=$((t + $(awk '{print $14 + $15}' "/proc/$c/stat" 2>/dev/null || echo 0)))
	done
	echo "$t"
}
nodes_ticks() {
	t=0
	for p in $pids; do t=$((t + $(ticks_of "$p"))); done
	echo "$t"
}

# start_wrk TAG URL CONNS DURATION: one wrk in the background; sets wrk_pid
start_wrk() {
	KASIR_BENCH_RUN="$1-$(date +%s)" wrk -t"$WRK_THREADS" -c"$3" -d"$4" --latency \
		-s bench/create.lua "$2/snap/v1/transactions" >"$tmp/wrk-$1" 2>&1 &
	wrk_pid=$!
}
rps() { awk '/^Requests\/sec:/ {print $2}' "$1"; }
non201() { sed -n 's/^non-201 answers: \([0-9]*\)$/\1/p' "$1"; }
share() { awk -v t="$1" -v s="$SECS" -v hz="$(getconf CLK_TCK)" -v n="$(nproc)" \
	'BEGIN { printf "%.0f%%", 100 * t / hz / s / n }'; }

# -- one node ---------------------------------------------------------------
start_node a
url_a=$node_url
start_wrk warm-a "$url_a" "$CONNS" 2s # connections made, statements prepared
wait "$wrk_pid"
pg0=$(pg_ticks); k0=$(nodes_ticks)
echo "== one node: wrk -t$WRK_THREADS -c$CONNS -d$DURATION -s bench/create.lua $url_a"
start_wrk one "$url_a" "$CONNS" "$DURATION"
wait "$wrk_pid"
pg1=$(pg_ticks); k1=$(nodes_ticks)
cat "$tmp/wrk-one"
one=$(rps "$tmp/wrk-one")
one_pg=$(share $((pg1 - pg0)))
one_kasir=$(share $((k1 - k0)))

# -- two nodes --------------------------------------------------------------
start_node b
url_b=$node_url
start_wrk warm-b "$url_b" "$CONNS" 2s
wait "$wrk_pid"
half=$((CONNS / 2))
pg0=$(pg_ticks); k0=$(nodes_ticks)
echo "== two nodes: wrk -c$half on each of $url_a and $url_b, -d$DURATION"
start_wrk two-a "$url_a" "$half" "$DURATION"
wa=$wrk_pid
start_wrk two-b "$url_b" "$half" "$DURATION"
wait "$wa"
wait "$wrk_pid"
pg1=$(pg_ticks); k1=$(nodes_ticks)
cat "$tmp/wrk-two-a" "$tmp/wrk-two-b"
two=$(awk -v a="$(rps "$tmp/wrk-two-a")" -v b="$(rps "$tmp/wrk-two-b")" 'BEGIN { printf "%.2f", a + b }')
two_pg=$(share $((pg1 - pg0)))
two_kasir=$(share $((k1 - k0)))
bad=$(( $(non201 "$tmp/wrk-one") + $(non201 "$tmp/wrk-two-a") + $(non201 "$tmp/wrk-two-b") ))
stored=$(psql -qAt "$db" -c 'SELECT count(*) FROM orders')

echo
echo "== kasir on PostgreSQL: $KASIR, --threads $SERVER_THREADS, wrk -c$CONNS -d$DURATION, $(nproc) cores, synchronous_commit on"
printf '%-34s %12s   %s\n' "measure" "value" "target (issue 7)"
printf '%-34s %12s   %s\n' "creates/s, one node" "$one" ">= 10000"
printf '%-34s %12s   %s\n' "creates/s, two nodes" "$two" ""
printf '%-34s %12s   %s\n' "two nodes / one node" "$(awk -v a="$two" -v b="$one" 'BEGIN { printf "%.2f", a / b }')" "(< 2 on one 2-core machine)"
printf '%-34s %12s   %s\n' "PostgreSQL CPU share, one node" "$one_pg" "of all cores"
printf '%-34s %12s   %s\n' "kasir CPU share, one node" "$one_kasir" ""
printf '%-34s %12s   %s\n' "PostgreSQL CPU share, two nodes" "$two_pg" ""
printf '%-34s %12s   %s\n' "kasir CPU share, two nodes" "$two_kasir" ""
printf '%-34s %12s   %s\n' "non-201 answers" "$bad" "0"
printf '%-34s %12s   %s\n' "orders stored" "$stored" ""
