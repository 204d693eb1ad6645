#!/bin/sh
# Runs kasir's test suites and ends with one summary line per suite and a
# total "N passed, N failed". Usage:
#   test.sh [unit|store-pg|fuzz|e2e|e2e-pg|browser|browser-pg]...   (default: all)
# The -pg suites run against a throw-away PostgreSQL that this script starts
# with scripts/pg-dev.sh and stops at its end: store-pg is the store
# contract suite, e2e-pg and browser-pg the node suites (KASIR_TEST_PG_URL).
# The fuzz suite replays every corpus on each build and, once per run when
# clang can link libFuzzer, builds build/fuzz/ and runs make fuzz-smoke.
# BUILDS names the build folders to test (build, build/san for the
# AddressSanitizer + UndefinedBehaviorSanitizer build). The first build's
# suites run in the foreground; each further build's run at the same time,
# in the background (each build has its own folder, temp dirs and ports;
# only the first uses PostgreSQL), and its output is printed when the first
# is done. The suites hold on a loaded machine, so running both at once
# costs no reliability and keeps `make test` within its budget.
# KASIR_TEST_SERIAL=1 runs the builds one after another instead.
set -u
cd "$(dirname "$0")/.."
BUILDS=${BUILDS:-build}
suites=${*:-unit store-pg fuzz e2e e2e-pg browser browser-pg}
logroot=$(mktemp -d)
log=$logroot
pgdir=""
bg=""
cleanup() {
	for p in $bg; do kill "$p" 2>/dev/null; done
	[ -n "$pgdir" ] && scripts/pg-dev.sh stop "$pgdir"
	rm -rf "$logroot"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# one PostgreSQL for every -pg suite of this run; sets url
pg_start() {
	if [ -z "$pgdir" ]; then
		out=$(scripts/pg-dev.sh start) || return 1
		pgdir=${out%% *}
	fi
	url=$(cat "$pgdir/url")
}

# sanitizer builds: report and fail at the first error, leak checks on
export ASAN_OPTIONS="abort_on_error=0:detect_leaks=1:halt_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

run_unit() {
	# the flag-parser tests print the errors they provoke: keep them out
	{ "$BUILD/unit-tests" --jobs 2 --short-filename 2>&1; echo $? > "$log/rc"; } \
		| grep -v '^kasir: ' | tee "$log/unit"
	rc=$(cat "$log/rc")
	line=$(grep -E 'Synthesis: Tested' "$log/unit" | tail -n 1)
	pass=$(echo "$line" | sed -n 's/.*Passing: \([0-9]*\).*/\1/p')
	fail=$(echo "$line" | sed -n 's/.*Failing: \([0-9]*\).*/\1/p')
	crash=$(echo "$line" | sed -n 's/.*Crashing: \([0-9]*\).*/\1/p')
	record unit "${pass:-0}" "$(( ${fail:-0} + ${crash:-0} ))" "$rc"
}

# the store contract suite again, on PostgreSQL (tests/unit/store/)
run_store_pg() {
	pg_start || { record store-pg 0 1 1; return; }
	{ KS_TEST_PG_URL=$url "$BUILD/unit-tests" --jobs 2 --short-filename --filter 'store*/*' 2>&1;
	  echo $? > "$log/rc"; } | tee "$log/store-pg"
	rc=$(cat "$log/rc")
	line=$(grep -E 'Synthesis: Tested' "$log/store-pg" | tail -n 1)
	pass=$(echo "$line" | sed -n 's/.*Passing: \([0-9]*\).*/\1/p')
	fail=$(echo "$line" | sed -n 's/.*Failing: \([0-9]*\).*/\1/p')
	crash=$(echo "$line" | sed -n 's/.*Crashing: \([0-9]*\).*/\1/p')
	record store-pg "${pass:-0}" "$(( ${fail:-0} + ${crash:-0} ))" "$rc"
}

# a node:test suite: its folder and its name in the summary
run_node() {
	name=$1; dir=$2
	{ node --test --test-concurrency=1 "$dir" 2>&1; echo $? > "$log/rc"; } | tee "$log/$name"
	rc=$(cat "$log/rc")
	pass=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$log/$name" | tail -n 1)
	fail=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$log/$name" | tail -n 1)
	record "$name" "${pass:-0}" "${fail:-0}" "$rc"
}

run_e2e() { run_node e2e tests/e2e/; }
# The node suites run on PostgreSQL for the first build of BUILDS only
# (the plain one in `make test`): the store suite covers the PostgreSQL code
# under the sanitizers, and twice the node suites would not fit the budget.
first_build=${BUILDS%% *}
run_e2e_pg() {
	[ "$BUILD" = "$first_build" ] || return 0
	pg_start || { record e2e-pg 0 1 1; return; }
	# the dir lets the cluster tests restart the server (pg-dev.sh restart)
	export KASIR_TEST_PG_URL="$url" KASIR_TEST_PG_DIR="$pgdir"
	run_node e2e-pg tests/e2e/
	unset KASIR_TEST_PG_URL KASIR_TEST_PG_DIR
}
run_browser_pg() {
	[ "$BUILD" = "$first_build" ] || return 0
	pg_start || { record browser-pg 0 1 1; return; }
	export KASIR_TEST_PG_URL="$url"
	run_node browser-pg tests/browser/
	unset KASIR_TEST_PG_URL
}

# every fuzz target replays its checked-in corpus once (tests/fuzz/fuzz.mk)
run_fuzz() {
	san=0
	[ "$BUILD" = build/san ] && san=1
	{ make --no-print-directory SANITIZE=$san fuzz-replay 2>&1; echo $? > "$log/rc"; } | tee "$log/fuzz"
	rc=$(cat "$log/rc")
	pass=$(sed -n 's/^fuzz-replay: \([0-9]*\) passed.*/\1/p' "$log/fuzz" | tail -n 1)
	fail=$(sed -n 's/^fuzz-replay: [0-9]* passed, \([0-9]*\) failed.*/\1/p' "$log/fuzz" | tail -n 1)
	record fuzz "${pass:-0}" "${fail:-0}" "$rc"
	run_libfuzzer
}

# once per run (with the first build): the libFuzzer build (clang, in
# build/fuzz/) links and each target runs a fixed number of executions from
# its seeds (make fuzz-smoke), so a broken fuzz build fails make test
run_libfuzzer() {
	[ "$BUILD" = "$first_build" ] || return 0
	cc=${FUZZ_CC:-clang}
	probe=$(mktemp -d)
	echo 'int LLVMFuzzerTestOneInput(const char *d, long n) { return d && n; }' > "$probe/probe.c"
	if ! "$cc" -fsanitize=fuzzer -o "$probe/probe" "$probe/probe.c" >/dev/null 2>&1; then
		rm -rf "$probe"
		echo "fuzz-libfuzzer: skipped, $cc cannot link -fsanitize=fuzzer (Debian: clang, libclang-rt-14-dev)"
		echo "  fuzz-libfuzzer (build/fuzz): skipped, no clang with libFuzzer" >> "$log/summary"
		return 0
	fi
	rm -rf "$probe"
	{ make --no-print-directory -j2 FUZZ_CC="$cc" fuzz-smoke 2>&1; echo $? > "$log/rc"; } \
		| grep -vE "^($cc|ar) " | tee "$log/libfuzzer"
	rc=$(cat "$log/rc")
	line=$(sed -n 's/^fuzz-smoke: .*, \([0-9]*\) of \([0-9]*\) targets crashed$/\1 \2/p' "$log/libfuzzer" | tail -n 1)
	fail=${line%% *}; all=${line##* }
	record fuzz-libfuzzer "$(( ${all:-0} - ${fail:-0} ))" "${fail:-0}" "$rc" build/fuzz
}
run_browser() { run_node browser tests/browser/; }

# record NAME PASSED FAILED EXIT [BUILD]: one summary line (BUILD defaults
# to the build under test), kept in the build's log folder: a background
# build is a subshell, so its counts travel through files
record() {
	name=$1; pass=$2; fail=$3; rc=$4; label=${5:-$BUILD}
	# a runner that failed without counting a failure still fails the suite
	[ "$rc" -ne 0 ] && [ "$fail" -eq 0 ] && fail=1
	# and so does one that ran no test at all
	[ "$pass" -eq 0 ] && [ "$fail" -eq 0 ] && fail=1
	echo "$pass $fail" >> "$log/counts"
	echo "  $name ($label): $pass passed, $fail failed" >> "$log/summary"
}

# run_build N BUILD: every suite on one build, logs in $logroot/N
run_build() {
	log=$logroot/$1; BUILD=$2
	mkdir -p "$log"; : > "$log/summary"; : > "$log/counts"
	export KASIR_BIN="$PWD/$BUILD/kasir"
	for s in $suites; do
		echo "== $s tests on $BUILD =="
		"run_$(echo "$s" | tr - _)"
	done
}

n=0
for b in $BUILDS; do
	n=$((n + 1))
	if [ "$n" -eq 1 ] || [ "${KASIR_TEST_SERIAL:-0}" = 1 ]; then
		run_build "$n" "$b"
	else
		echo "== $b: its suites run in the background, output below at the end =="
		mkdir -p "$logroot/$n"
		( trap - EXIT INT TERM; run_build "$n" "$b" ) > "$logroot/$n.out" 2>&1 &
		bg="$bg $!"
	fi
done
wait
bg=""
n=0
for b in $BUILDS; do
	n=$((n + 1))
	[ -f "$logroot/$n.out" ] || continue
	echo
	echo "== output of the suites on $b =="
	cat "$logroot/$n.out"
done

total_pass=0
total_fail=0
summary=""
n=0
for b in $BUILDS; do
	n=$((n + 1))
	summary="$summary$(cat "$logroot/$n/summary")
"
	while read -r p f; do
		total_pass=$((total_pass + p)); total_fail=$((total_fail + f))
	done < "$logroot/$n/counts"
done

echo
echo "== kasir test summary =="
printf "%s" "$summary"
echo "total: $total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ] && echo "RESULT: PASS" || echo "RESULT: FAIL"
[ "$total_fail" -eq 0 ]
