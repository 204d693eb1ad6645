#!/bin/sh
# kasir notification benchmark (issue 4, "Speed"). Builds nothing: run
# `make` first; `BUILD=build bench/notify.sh`. Only 127.0.0.1 is used, and
# everything it starts is stopped on exit (trap), its files removed.
#
#  A. Delivery rate. A receiver (bench/notify-receiver.js) answers 503 while
#     N card payments are made through the page API (bench/prepare-charges.js,
#     bench/notify-pay.js) on a kasir started with --test-clock and
#     --notify-retry-interval 3600: every notification fails once and waits
#     an hour. The receiver then answers 200 and the test clock moves an hour:
#     N notifications are due at once; the figure is N / (time from the clock
#     move to the last 200). Then the live figure: N more payments with the
#     receiver answering 200 from the start, from the first payment to the
#     last notification (bounded by the payment rate).
#  B. Token creation next to hanging deliveries. On one kasir
#     (--notify-timeout 600), rounds of: wrk with bench/create.lua (as
#     bench/run.sh does) undisturbed; HANG card payments whose notifications
#     hang on the receiver, which never answers; wrk again; the receiver then
#     answers them all. Medians of creates/s and p99, side by side.
#
# Knobs (environment): BENCH_NOTIFY_N (20000), BENCH_NOTIFY_HANG (1000),
# BENCH_NOTIFY_ROUNDS (3), BENCH_NOTIFY_WRK_DURATION (5s per wrk run),
# BENCH_CONNECTIONS (64), BENCH_WRK_THREADS (2),
# BENCH_SERVER_THREADS (2), BENCH_NOTIFY_LIVE (1; 0 skips the live figure),
# BENCH_NOTIFY_PARTS (ab: a, b or both).
set -eu
cd "$(dirname "$0")/.."

. bench/lib.sh
N=${BENCH_NOTIFY_N:-20000}
HANG=${BENCH_NOTIFY_HANG:-1000}
WRK_DURATION=${BENCH_NOTIFY_WRK_DURATION:-5s}
ROUNDS=${BENCH_NOTIFY_ROUNDS:-3}
LIVE=${BENCH_NOTIFY_LIVE:-1}
PARTS=${BENCH_NOTIFY_PARTS:-ab}
case $PARTS in *a*) part_a=1 ;; *) part_a=0 ;; esac
case $PARTS in *b*) part_b=1 ;; *) part_b=0 ;; esac
bench_need wrk node curl

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kasir-bench-notify.XXXXXX")
server_pid=""
recv_pid=""
wrk_pid=""
job_pid=""
cleanup() {
	for p in $wrk_pid $job_pid $server_pid $recv_pid; do
		kill "$p" 2>/dev/null || true
	done
	for p in $wrk_pid $job_pid $server_pid $recv_pid; do
		wait "$p" 2>/dev/null || true
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# kasir holds the hanging deliveries, wrk's connections and the receiver's
ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

cur_stderr=""
die() {
	echo "bench: $*" >&2
	if [ -n "$server_pid" ] && ! kill -0 "$server_pid" 2>/dev/null; then
		rc=0
		wait "$server_pid" || rc=$?
		server_pid=""
		echo "bench: kasir is gone (exit status $rc)" >&2
	fi
	if [ -n "$cur_stderr" ] && [ -s "$cur_stderr" ]; then
		echo "bench: kasir stderr (last 20 lines):" >&2
		tail -n 20 "$cur_stderr" >&2
	fi
	exit 1
}
# the helpers of bench/lib.sh fail through die too
bench_fail() { die "$@"; }

# runs a command in the background and waits for it, so that a signal ends
# the wait (and the trap kills it)
run_bg() {
	"$@" &
	job_pid=$!
	rc=0
	wait "$job_pid" || rc=$?
	job_pid=""
	return "$rc"
}

# -- the receiver -------------------------------------------------------------
node bench/notify-receiver.js 503 >"$tmp/recv.out" 2>"$tmp/recv.err" &
recv_pid=$!
rport=""
i=0
while [ -z "$rport" ]; do
	rport=$(sed -n 's/^port \([0-9][0-9]*\)$/\1/p' "$tmp/recv.out" | head -n 1)
	[ -n "$rport" ] && break
	kill -0 "$recv_pid" 2>/dev/null || { cat "$tmp/recv.err" >&2; die "the receiver did not start"; }
	[ $i -lt 100 ] || die "the receiver printed no port in 10 s"
	sleep 0.1
	i=$((i + 1))
done
notify_url="http://127.0.0.1:$rport/n"
ctl() { curl -s -X "$1" "http://127.0.0.1:$rport/_ctl/$2"; }
# a number field of the receiver's stats
rstat() { ctl GET stats | sed -n "s/.*\"$1\":\([0-9][0-9]*\).*/\1/p"; }

# -- kasir ----------------------------------------------------------------------
# start_kasir NAME [serve flags...]: a fresh database with one merchant whose
# notification URL is the receiver; sets port, url, server_key, client_key
start_kasir() {
	name=$1
	shift
	db="sqlite:$tmp/$name.db"
	cur_stderr="$tmp/$name.stderr"
	bench_merchant "$db" "$tmp/$name.merchant" --notification-url "$notify_url"
	bench_serve "$name" "$db" "$@"
	echo "bench: $KASIR (pid $server_pid) on $url $*"
}

stop_kasir() {
	kill -TERM "$server_pid"
	rc=0
	wait "$server_pid" || rc=$?
	[ "$rc" -eq 0 ] || echo "bench: warning: kasir exited $rc after SIGTERM" >&2
	server_pid=""
}

clock() {
	curl -s -u "$server_key:" -X POST -H 'Content-Type: application/json' -d "{\"advance_seconds\":$1}" "$url/sandbox/v1/clock" >/dev/null
}

# pay COUNT NAME: prepares COUNT orders and card tokens, then pays them
pay() {
	run_bg node bench/prepare-charges.js "$port" "$server_key" "$client_key" "$1" "$tmp/$2.charges" ||
		die "preparing $1 charges failed"
	run_bg node bench/notify-pay.js "$port" "$tmp/$2.charges" >"$tmp/$2.paid" || { cat "$tmp/$2.paid" >&2; die "paying failed"; }
	cat "$tmp/$2.paid"
}

# wait_stat FIELD MIN SECONDS [ADVANCE]: polls the receiver until FIELD >=
# MIN; with ADVANCE, moves kasir's clock on whenever nothing moves for 5 s
# (a 503 recorded after the clock moved waits another hour)
wait_stat() {
	field=$1 min=$2 limit=$3 advance=${4:-}
	i=0
	last=-1
	still=0
	while :; do
		v=$(rstat "$field")
		v=${v:-0}
		[ "$v" -ge "$min" ] && return 0
		[ $i -lt $((limit * 10)) ] || die "receiver: $field = $v, wanted $min within $limit s"
		if [ "$v" -eq "$last" ]; then still=$((still + 1)); else still=0; fi
		if [ -n "$advance" ] && [ $still -ge 50 ]; then
			clock "$advance"
			still=0
		fi
		last=$v
		sleep 0.1
		i=$((i + 1))
	done
}

# -- A: delivery rate -----------------------------------------------------------
backlog_rate="-"
backlog_dup="-"
live_rate="-"
live_pay="-"
if [ $part_a -eq 1 ]; then
	echo
	echo "== A. $N notifications, first refused (503), then due at once"
	ctl POST mode/503 >/dev/null
	start_kasir a --test-clock --notify-retry-interval 3600
	pay "$N" a
	wait_stat total "$N" 120
	sleep 1 # the 503s are on disk
	ctl POST mode/200 >/dev/null
	ctl POST mark >/dev/null
	clock 3601
	wait_stat unique_ok "$N" 120 3601
	ctl GET stats >"$tmp/a.stats"
	cat "$tmp/a.stats"
	backlog_rate=$(sed -n 's/.*"ok_per_s":\([0-9]*\).*/\1/p' "$tmp/a.stats")
	backlog_dup=$(sed -n 's/.*"duplicate_ok":\([0-9]*\).*/\1/p' "$tmp/a.stats")

	if [ "$LIVE" != "0" ]; then
		echo
		echo "== A'. $N payments with the receiver answering 200: notifications as they happen"
		run_bg node bench/prepare-charges.js "$port" "$server_key" "$client_key" "$N" "$tmp/live.charges" ||
			die "preparing $N charges failed"
		ctl POST mark >/dev/null
		run_bg node bench/notify-pay.js "$port" "$tmp/live.charges" >"$tmp/live.paid" || { cat "$tmp/live.paid" >&2; die "paying failed"; }
		cat "$tmp/live.paid"
		wait_stat unique_ok "$N" 120
		ctl GET stats >"$tmp/live.stats"
		cat "$tmp/live.stats"
		live_rate=$(sed -n 's/.*"ok_per_s":\([0-9]*\).*/\1/p' "$tmp/live.stats")
		live_pay=$(sed -n 's/.*(\([0-9]*\)\/s).*/\1/p' "$tmp/live.paid")
	fi
	stop_kasir
fi

# -- B: token creation while deliveries hang ---------------------------------------
# wrk prints latencies as 812.00us, 3.21ms or 1.02s; this turns them into ms.
ms() { awk -v v="$1" 'BEGIN {
	n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
	if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
	printf "%.2f", n }'; }
rps() { awk '/^Requests\/sec:/ {print $2}' "$1"; }
pct() { awk -v p="$2" '$1 == p {print $2}' "$1"; }
non201() { v=$(sed -n 's/^non-201 answers: \([0-9]*\)$/\1/p' "$1"); echo "${v:-0}"; }
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "-" }'; }

stamp=$(date +%s)
KASIR_BENCH_RUN=$stamp
export KASIR_BENCH_RUN
c1="-" c2="-" p1="-" p2="-" bad1=0 bad2=0 hang_min="-"
if [ $part_b -eq 1 ]; then
	# one server, rounds of (undisturbed, hanging) so that the machine's
	# drift hits both sides alike; the medians are compared
	echo
	echo "== B. $ROUNDS rounds of wrk -t$WRK_THREADS -c$CONNS -d$WRK_DURATION -s bench/create.lua: undisturbed, then with $HANG notifications hanging"
	ctl POST mode/200 >/dev/null
	start_kasir b --notify-timeout 600 # exports KASIR_BENCH_AUTH
	: >"$tmp/b.rates1"; : >"$tmp/b.rates2"; : >"$tmp/b.p99s1"; : >"$tmp/b.p99s2"
	hang_min=""
	r=1
	while [ $r -le "$ROUNDS" ]; do
		# create.lua numbers its order_ids per run: a new run tag each time
		KASIR_BENCH_RUN="$stamp-$r-u"
		run_wrk "$tmp/wrk-b1-$r" "$WRK_DURATION" -s bench/create.lua "$url/snap/v1/transactions"
		ctl POST mode/hang >/dev/null
		pay "$HANG" "b-$r" >/dev/null
		# all of them in flight, or as many as kasir takes on (checked for 10 s)
		i=0
		while [ "$(rstat hanging)" -lt "$HANG" ] && [ $i -lt 100 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		KASIR_BENCH_RUN="$stamp-$r-h"
		run_wrk "$tmp/wrk-b2-$r" "$WRK_DURATION" -s bench/create.lua "$url/snap/v1/transactions"
		h=$(rstat hanging)
		if [ -z "$hang_min" ] || [ "$h" -lt "$hang_min" ]; then hang_min=$h; fi
		ctl POST mode/200 >/dev/null
		ctl POST release >/dev/null
		rps "$tmp/wrk-b1-$r" >>"$tmp/b.rates1"
		rps "$tmp/wrk-b2-$r" >>"$tmp/b.rates2"
		ms "$(pct "$tmp/wrk-b1-$r" 99%)" >>"$tmp/b.p99s1"; echo >>"$tmp/b.p99s1"
		ms "$(pct "$tmp/wrk-b2-$r" 99%)" >>"$tmp/b.p99s2"; echo >>"$tmp/b.p99s2"
		bad1=$((bad1 + $(non201 "$tmp/wrk-b1-$r")))
		bad2=$((bad2 + $(non201 "$tmp/wrk-b2-$r")))
		printf 'round %d: undisturbed %s/s p99 %s ms | %s hanging: %s/s p99 %s ms\n' "$r" \
			"$(rps "$tmp/wrk-b1-$r")" "$(ms "$(pct "$tmp/wrk-b1-$r" 99%)")" "$h" \
			"$(rps "$tmp/wrk-b2-$r")" "$(ms "$(pct "$tmp/wrk-b2-$r" 99%)")"
		r=$((r + 1))
	done
	[ "$hang_min" -ge "$HANG" ] ||
		echo "bench: warning: at most $hang_min of $HANG deliveries were in flight (kasir took no more)" >&2
	stop_kasir
	c1=$(median "$tmp/b.rates1")
	c2=$(median "$tmp/b.rates2")
	p1=$(median "$tmp/b.p99s1")
	p2=$(median "$tmp/b.p99s2")
fi

for f in a b; do
	if [ -s "$tmp/$f.stderr" ]; then
		echo
		echo "== kasir stderr ($f, last 10 lines)"
		tail -n 10 "$tmp/$f.stderr"
	fi
done

# -- table ----------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0) printf "%+.1f%%", (b - a) * 100 / a; else print "n/a" }'; }

echo
echo "== kasir notification bench: $KASIR, --threads $SERVER_THREADS, N=$N, $ROUNDS x wrk -t$WRK_THREADS -c$CONNS -d$WRK_DURATION, $(nproc) cores"
printf '%-42s %14s   %s\n' "measure" "value" "target (issue 4)"
printf '%-42s %14s   %s\n' "notifications/s, $N due at once" "$backlog_rate" ">= 5000"
printf '%-42s %14s   %s\n' "  delivered twice after a 200" "${backlog_dup:-?}" "0"
printf '%-42s %14s   %s\n' "notifications/s, live (payments/s)" "$live_rate ($live_pay)" "bounded by payments"
printf '%-42s %14s   %s\n' "creates/s, undisturbed (median)" "$c1" ""
printf '%-42s %14s   %s\n' "creates/s, $hang_min deliveries hanging" "$c2" "within 10%: $(ratio "$c1" "$c2")"
printf '%-42s %14s   %s\n' "create p99, undisturbed (median)" "$p1 ms" ""
printf '%-42s %14s   %s\n' "create p99, deliveries hanging" "$p2 ms" "within 10%: $(ratio "$p1" "$p2")"
printf '%-42s %14s   %s\n' "non-201 answers (undisturbed / hanging)" "$bad1 / $bad2" "0 / 0"
printf '%-42s %14s   %s\n' "deliveries in flight, fewest in a round" "$hang_min" "$HANG"
