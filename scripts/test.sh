#!/bin/sh
# Runs kasir's test suites and ends with one summary line per suite and a
# total "N passed, N failed". Usage: test.sh [unit|fuzz|e2e|browser]...
# (default: all)
# BUILDS names the build folders to test (build, build/san for the
# AddressSanitizer + UndefinedBehaviorSanitizer build).
set -u
cd "$(dirname "$0")/.."
BUILDS=${BUILDS:-build}
suites=${*:-unit fuzz e2e browser}
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
total_pass=0
total_fail=0
summary=""
status=0

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

# every fuzz target replays its checked-in corpus once (tests/fuzz/fuzz.mk)
run_fuzz() {
	san=0
	[ "$BUILD" = build/san ] && san=1
	{ make --no-print-directory SANITIZE=$san fuzz-replay 2>&1; echo $? > "$log/rc"; } | tee "$log/fuzz"
	rc=$(cat "$log/rc")
	pass=$(sed -n 's/^fuzz-replay: \([0-9]*\) passed.*/\1/p' "$log/fuzz" | tail -n 1)
	fail=$(sed -n 's/^fuzz-replay: [0-9]* passed, \([0-9]*\) failed.*/\1/p' "$log/fuzz" | tail -n 1)
	record fuzz "${pass:-0}" "${fail:-0}" "$rc"
}
run_browser() { run_node browser tests/browser/; }

record() {
	name=$1; pass=$2; fail=$3; rc=$4
	# a runner that failed without counting a failure still fails the suite
	[ "$rc" -ne 0 ] && [ "$fail" -eq 0 ] && fail=1
	# and so does one that ran no test at all
	[ "$pass" -eq 0 ] && [ "$fail" -eq 0 ] && fail=1
	[ "$fail" -ne 0 ] && status=1
	total_pass=$((total_pass + pass))
	total_fail=$((total_fail + fail))
	summary="$summary
  $name ($BUILD): $pass passed, $fail failed"
}

for BUILD in $BUILDS; do
	export KASIR_BIN="$PWD/$BUILD/kasir"
	for s in $suites; do
		echo "== $s tests on $BUILD =="
		"run_$s"
	done
done

echo
echo "== kasir test summary ==$summary"
echo "total: $total_pass passed, $total_fail failed"
[ "$status" -eq 0 ] && echo "RESULT: PASS" || echo "RESULT: FAIL"
exit "$status"
