#!/bin/sh
# kasir benchmark (issues 2 and 3, "Speed"). Builds nothing: `make bench` builds
# first and calls `BUILD=build bench/run.sh`.
#
#  1. starts $BUILD/kasir on a fresh temp database (127.0.0.1, port 0,
#     --threads 2) and creates a merchant;
#  2. wrk against POST /snap/v1/transactions with the full request of the
#     original document and a unique order_id per request (bench/create.lua);
#  3. wrk against GET /healthz;
#  4. the payment page's first load (bytes), and card charges through the
#     page API (bench/prepare-charges.js, bench/charge.lua);
#  5. 1000 idle keep-alive connections (bench/idle.js), then the server's
#     VmRSS and VmHWM from /proc/PID/status;
#  6. a table: creates/s, p50, p99, non-201 answers, healthz/s, the ratio
#     creates/s / healthz/s, peak RSS and RSS with 1000 connections open.
#
# Knobs (environment): BENCH_DURATION (10s), BENCH_CHARGES (150000 prepared
# charges), BENCH_CHARGE_DURATION (5s), BENCH_CONNECTIONS (64),
# BENCH_WRK_THREADS (2), BENCH_SERVER_THREADS (2), BENCH_IDLE (1000).
set -eu
cd "$(dirname "$0")/.."

. bench/lib.sh
DURATION=${BENCH_DURATION:-10s}
IDLE=${BENCH_IDLE:-1000}
bench_need wrk node

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kasir-bench.XXXXXX")
server_pid=""
idle_pid=""
wrk_pid=""
cleanup() {
	for p in $wrk_pid $idle_pid $server_pid; do
		kill "$p" 2>/dev/null || true
	done
	for p in $wrk_pid $idle_pid $server_pid; do
		wait "$p" 2>/dev/null || true
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# the server holds wrk's 64 connections plus the 1000 idle ones
ulimit -n 4096 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

db="sqlite:$tmp/kasir.db"

# -- merchant and server ---------------------------------------------------
bench_merchant "$db" "$tmp/merchant.json"
KASIR_BENCH_RUN=$(date +%s)
export KASIR_BENCH_RUN
bench_serve kasir "$db"
echo "bench: $KASIR (pid $server_pid) on $url, --threads $SERVER_THREADS, db $tmp/kasir.db"

# -- wrk: token creation ----------------------------------------------------
echo
echo "== wrk -t$WRK_THREADS -c$CONNS -d$DURATION --latency -s bench/create.lua $url/snap/v1/transactions"
run_wrk "$tmp/wrk-create" "$DURATION" -s bench/create.lua "$url/snap/v1/transactions"
cat "$tmp/wrk-create"

# -- wrk: /healthz ----------------------------------------------------------
echo
echo "== wrk -t$WRK_THREADS -c$CONNS -d$DURATION --latency $url/healthz"
run_wrk "$tmp/wrk-healthz" "$DURATION" "$url/healthz"
cat "$tmp/wrk-healthz"

# -- idle connections -------------------------------------------------------
echo
echo "== $IDLE idle keep-alive connections"
rss_before=$(awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status")
node bench/idle.js "$port" "$IDLE" >"$tmp/idle" 2>&1 &
idle_pid=$!
i=0
while ! grep -q '^open' "$tmp/idle" 2>/dev/null; do
	if ! kill -0 "$idle_pid" 2>/dev/null || [ $i -ge 300 ]; then
		echo "bench: idle connections did not open:" >&2
		cat "$tmp/idle" >&2
		exit 1
	fi
	sleep 0.1
	i=$((i + 1))
done
sleep 1 # let the server settle with the connections open
idle_open=$(sed -n 's/^open \([0-9]*\).*/\1/p' "$tmp/idle")
cat "$tmp/idle"
rss_idle=$(awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status")
kill "$idle_pid" 2>/dev/null || true
wait "$idle_pid" 2>/dev/null || true
idle_pid=""
peak=$(awk '/^VmHWM:/ {print $2}' "/proc/$server_pid/status")

# -- the payment page's first load ----------------------------------------
# what a customer's browser fetches to show the page: snap.js on the
# merchant page, then the page and the scripts and styles it references,
# on the wire as Chromium asks for them (the embedded brotli forms), and
# as is for comparison
page_bytes=0
page_raw=0
for path in /snap/snap.js /snap/v4/popup $(curl -s "$url/snap/v4/popup" |
	grep -o '/snap/assets/[A-Za-z0-9._-]*' | sort -u); do
	b=$(curl -s -o /dev/null -H 'Accept-Encoding: gzip, deflate, br, zstd' \
		-w '%{size_download}' "$url$path")
	raw=$(curl -s -o /dev/null -w '%{size_download}' "$url$path")
	echo "page: $path $b bytes on the wire ($raw as is)"
	page_bytes=$((page_bytes + b))
	page_raw=$((page_raw + raw))
done

# -- wrk: card charges through the page API ---------------------------------
CHARGES=${BENCH_CHARGES:-150000}
CHARGE_DURATION=${BENCH_CHARGE_DURATION:-5s}
echo
echo "== preparing $CHARGES orders and card tokens"
node bench/prepare-charges.js "$port" "$server_key" "$client_key" "$CHARGES" "$tmp/charges"
KASIR_BENCH_CHARGES="$tmp/charges" KASIR_BENCH_WRK_THREADS="$WRK_THREADS"
export KASIR_BENCH_CHARGES KASIR_BENCH_WRK_THREADS
echo "== wrk -t$WRK_THREADS -c$CONNS -d$CHARGE_DURATION --latency -s bench/charge.lua $url"
run_wrk "$tmp/wrk-charge" "$CHARGE_DURATION" -s bench/charge.lua "$url"
cat "$tmp/wrk-charge"

peak_after=$(awk '/^VmHWM:/ {print $2}' "/proc/$server_pid/status")

# -- stop -------------------------------------------------------------------
kill -TERM "$server_pid"
rc=0
wait "$server_pid" || rc=$?
server_pid=""
[ "$rc" -eq 0 ] || echo "bench: warning: kasir exited $rc after SIGTERM" >&2
if [ -s "$tmp/kasir.stderr" ]; then
	echo
	echo "== kasir stderr (last 20 lines)"
	tail -n 20 "$tmp/kasir.stderr"
fi

# -- table ------------------------------------------------------------------
# wrk prints latencies as 812.00us, 3.21ms or 1.02s; this turns them into ms.
ms() { awk -v v="$1" 'BEGIN {
	n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
	if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
	printf "%.2f", n }'; }
rps() { awk '/^Requests\/sec:/ {print $2}' "$1"; }
pct() { awk -v p="$2" '$1 == p {print $2}' "$1"; }

creates=$(rps "$tmp/wrk-create")
healthz=$(rps "$tmp/wrk-healthz")
if [ -z "$creates" ] || [ -z "$healthz" ]; then
	echo "bench: wrk printed no Requests/sec (see its output above)" >&2
	exit 1
fi
p50=$(ms "$(pct "$tmp/wrk-create" 50%)")
p99=$(ms "$(pct "$tmp/wrk-create" 99%)")
non201=$(sed -n 's/^non-201 answers: \([0-9]*\)$/\1/p' "$tmp/wrk-create")
errors=$(sed -n 's/^ *Socket errors: //p' "$tmp/wrk-create")
ratio=$(awk -v c="$creates" -v h="$healthz" 'BEGIN { if (h > 0) printf "%.2f", c / h; else print "n/a" }')
mb() { awk -v k="$1" 'BEGIN { printf "%.1f MB", k / 1024 }'; }

echo
echo "== kasir bench: $KASIR, --threads $SERVER_THREADS, wrk -t$WRK_THREADS -c$CONNS -d$DURATION, $(nproc) cores"
printf '%-30s %14s   %s\n' "measure" "value" "target (issue 2)"
printf '%-30s %14s   %s\n' "creates/s" "$creates" ">= 15000"
printf '%-30s %14s   %s\n' "create latency p50" "$p50 ms" ""
printf '%-30s %14s   %s\n' "create latency p99" "$p99 ms" "< 25 ms"
printf '%-30s %14s   %s\n' "non-201 answers" "${non201:-?}" "0"
if [ -n "$errors" ]; then printf '%-30s %s\n' "socket errors (create)" "$errors"; fi
printf '%-30s %14s   %s\n' "healthz/s" "$healthz" ""
printf '%-30s %14s   %s\n' "creates/s / healthz/s" "$ratio" ">= 0.3"
printf '%-30s %14s   %s\n' "card charges/s (page API)" "$(sed -n 's/^charges\/s: //p' "$tmp/wrk-charge")" ">= 5000 (issue 3)"
printf '%-30s %14s   %s\n' "charge latency p99" "$(ms "$(pct "$tmp/wrk-charge" 99%)") ms" ""
printf '%-30s %14s   %s\n' "non-200 charges" "$(sed -n 's/^non-200 answers: \([0-9]*\)$/\1/p' "$tmp/wrk-charge")" "0"
printf '%-30s %14s   %s\n' "payment page first load" "$page_bytes B" "< 40960 B on the wire (issue 21; $page_raw B as is)"
printf '%-30s %14s   %s\n' "peak RSS after charges" "$(mb "$peak_after")" "(holds $CHARGES card tokens)"
printf '%-30s %14s   %s\n' "peak RSS before charges" "$(mb "$peak")" ""
printf '%-30s %14s   %s\n' "RSS after wrk, before idle" "$(mb "$rss_before")" ""
printf '%-30s %14s   %s\n' "RSS, $idle_open conns open" "$(mb "$rss_idle")" "< 64 MB"
