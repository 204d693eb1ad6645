#!/bin/sh
# Runs one libFuzzer target and reports on a set of runs, for the make
# rules of tests/fuzz/fuzz.mk (make fuzz, make fuzz-smoke):
#   libfuzzer.sh run TARGET BIN CORPUS LOGDIR MAXLEN [FLAG...]
#       fuzzes BIN on the working corpus folder CORPUS (new inputs go
#       there) and the checked-in seeds tests/fuzz/corpus/TARGET (only
#       read), with the target's dictionary if it has one; FLAGs are
#       libFuzzer's (the limit: -runs=N or -max_total_time=N). Writes the
#       log, the exit status and the start and end times to
#       LOGDIR/TARGET.{log,rc,start,end} (times in ms); a crash goes to
#       build/fuzz/crashes/TARGET/. Exits 0 even on a crash, so the other
#       targets still run: report says what happened.
#   libfuzzer.sh report NAME LOGDIR TARGET...
#       one line per target (executions, seconds, executions per second,
#       or the crash and the end of its log), then
#       "NAME: N executions in all in S s, C of T targets crashed", the
#       seconds being the wall time from the first start to the last end;
#       exits 1 if a target crashed or has no log.
set -u
FUZZ_DIR=tests/fuzz

run() {
	t=$1; bin=$2; corpus=$3; logdir=$4; len=$5; shift 5
	crashes=build/fuzz/crashes/$t
	mkdir -p "$corpus" "$logdir" "$crashes"
	set -- -print_final_stats=1 -max_len="$len" -timeout=10 -artifact_prefix="$crashes/" "$@"
	if [ -f "$FUZZ_DIR/dict/$t.dict" ]; then set -- -dict="$FUZZ_DIR/dict/$t.dict" "$@"; fi
	export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
	export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
	log=$logdir/$t
	rm -f "$log.rc" "$log.end"
	date +%s%3N > "$log.start"
	"$bin" "$@" "$corpus" "$FUZZ_DIR/corpus/$t" > "$log.log" 2>&1
	echo $? > "$log.rc"
	date +%s%3N > "$log.end"
}

# milliseconds as seconds with one decimal
secs() { echo "$(($1 / 1000)).$(($1 % 1000 / 100))"; }

report() {
	name=$1; logdir=$2; shift 2
	total=0; crashed=0; first=""; last=""
	for t in "$@"; do
		log=$logdir/$t
		n=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log.log" 2>/dev/null | tail -n 1)
		n=${n:-0}
		if ! [ -f "$log.rc" ] || ! [ -f "$log.end" ]; then
			crashed=$((crashed + 1))
			printf '  %-20s did not run to its end (no %s.rc)\n' "$t" "$log"
			continue
		fi
		rc=$(cat "$log.rc")
		s=$(cat "$log.start")
		e=$(cat "$log.end")
		ms=$((e - s))
		total=$((total + n))
		if [ -z "$first" ] || [ "$s" -lt "$first" ]; then first=$s; fi
		if [ -z "$last" ] || [ "$e" -gt "$last" ]; then last=$e; fi
		if [ "$rc" = 0 ]; then
			printf '  %-20s %12s executions in %7s s (%s/s)\n' "$t" "$n" "$(secs "$ms")" \
				"$((n * 1000 / (ms > 0 ? ms : 1)))"
		else
			crashed=$((crashed + 1))
			printf '  %-20s %12s executions, CRASH (exit %s), see %s.log\n' "$t" "$n" "$rc" "$log"
			grep -E '^(==[0-9]+== ?ERROR|SUMMARY|.*invariant failed|.*runtime error|artifact_prefix|Test unit written)' \
				"$log.log" 2>/dev/null | head -n 8 | sed 's/^/      /'
		fi
	done
	echo "$name: $total executions in all in $(secs $((${last:-0} - ${first:-0}))) s, $crashed of $# targets crashed"
	[ "$crashed" -eq 0 ]
}

case "${1:-}" in
run) shift; run "$@" ;;
report) shift; report "$@" ;;
*) echo "usage: libfuzzer.sh run TARGET BIN CORPUS LOGDIR MAXLEN [FLAG...] | report NAME LOGDIR TARGET..." >&2; exit 2 ;;
esac
