#!/bin/sh
# kasir benchmark of the non-card methods (issue 5). `make bench` builds
# first and calls `BUILD=build bench/sim.sh`.
#
#  1. starts $BUILD/kasir on a fresh temp database (--threads 2) with a
#     merchant, and prepares BENCH_VA orders, each asking for its own custom
#     BCA VA number (bench/prepare-va.js);
#  2. wrk: bank-transfer charges through the page API (each issues its VA
#     number into the live-number table: bench/va-charge.lua);
#  3. wrk: those numbers paid through the JSON simulator, each payment a
#     status change with its history row (bench/sim-pay.lua);
#  4. a table: VA charges/s and simulator payments/s with p50/p99.
#
# Knobs: BENCH_VA (60000 prepared orders), BENCH_VA_DURATION (5s),
# BENCH_CONNECTIONS (64), BENCH_WRK_THREADS (2), BENCH_SERVER_THREADS (2).
set -eu
cd "$(dirname "$0")/.."

. bench/lib.sh
N=${BENCH_VA:-60000}
DURATION=${BENCH_VA_DURATION:-5s}
bench_need wrk node

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kasir-bench-va.XXXXXX")
server_pid=""
wrk_pid=""
cleanup() {
	for p in $wrk_pid $server_pid; do kill "$p" 2>/dev/null || true; done
	for p in $wrk_pid $server_pid; do wait "$p" 2>/dev/null || true; done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

db="sqlite:$tmp/kasir.db"
bench_merchant "$db" "$tmp/merchant.json"
bench_serve kasir "$db"
echo "bench: $KASIR (pid $server_pid) on $url, --threads $SERVER_THREADS"

echo "== preparing $N orders with custom BCA VA numbers"
node bench/prepare-va.js "$port" "$server_key" "$N" "$tmp/va"
KASIR_BENCH_VA="$tmp/va" KASIR_BENCH_WRK_THREADS="$WRK_THREADS"
export KASIR_BENCH_VA KASIR_BENCH_WRK_THREADS

echo "== wrk -t$WRK_THREADS -c$CONNS -d$DURATION --latency -s bench/va-charge.lua $url"
run_wrk "$tmp/wrk-charge" "$DURATION" -s bench/va-charge.lua "$url"
cat "$tmp/wrk-charge"
echo "== wrk -t$WRK_THREADS -c$CONNS -d$DURATION --latency -s bench/sim-pay.lua $url"
run_wrk "$tmp/wrk-pay" "$DURATION" -s bench/sim-pay.lua "$url"
cat "$tmp/wrk-pay"

kill -TERM "$server_pid"
rc=0
wait "$server_pid" || rc=$?
server_pid=""
[ "$rc" -eq 0 ] || { echo "bench: kasir exited $rc" >&2; cat "$tmp/kasir.stderr" >&2; exit 1; }

# "Latency Distribution" lines of wrk, in ms
pct() { awk -v p="$2" '$1 == p { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.2f", v }' "$1"; }
echo
echo "== kasir bench (non-card methods): --threads $SERVER_THREADS, wrk -t$WRK_THREADS -c$CONNS -d$DURATION, $(nproc) cores"
printf '%-34s %14s\n' "measure" "value"
printf '%-34s %14s\n' "VA charges/s (page API)" "$(sed -n 's/^ok\/s: //p' "$tmp/wrk-charge")"
printf '%-34s %14s\n' "VA charge latency p50 / p99" "$(pct "$tmp/wrk-charge" 50%) / $(pct "$tmp/wrk-charge" 99%) ms"
printf '%-34s %14s\n' "non-201 charges" "$(sed -n 's/^non-201 answers: //p' "$tmp/wrk-charge")"
printf '%-34s %14s\n' "simulator payments/s (JSON)" "$(sed -n 's/^ok\/s: //p' "$tmp/wrk-pay")"
printf '%-34s %14s\n' "payment latency p50 / p99" "$(pct "$tmp/wrk-pay" 50%) / $(pct "$tmp/wrk-pay" 99%) ms"
printf '%-34s %14s\n' "non-200 payments" "$(sed -n 's/^non-200 answers: //p' "$tmp/wrk-pay")"
