# shellcheck shell=sh disable=SC2034,SC2154 # sets variables for the sourcing script, reads its $tmp
# bench/lib.sh: what the bench scripts share. Sourced by them after they
# `cd` to the repository root, under `set -eu`. A helper that cannot go on
# calls bench_fail, which a script may redefine (notify.sh shows kasir's
# stderr first).

BUILD=${BUILD:-build}
KASIR=$BUILD/kasir
CONNS=${BENCH_CONNECTIONS:-64}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
SERVER_THREADS=${BENCH_SERVER_THREADS:-2}

bench_fail() {
	echo "bench: $*" >&2
	exit 1
}

# bench_need TOOL...: the tools on PATH and a built kasir, or exit
bench_need() {
	for tool in "$@"; do
		command -v "$tool" >/dev/null 2>&1 || bench_fail "$tool not found (scripts/deps.sh installs it)"
	done
	[ -x "$KASIR" ] || bench_fail "$KASIR not found; run make first"
}

# json_field FILE NAME.NAME...: one field of a JSON file (node, no jq)
json_field() {
	node -e 'let v = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
		for (const k of process.argv[2].split(".")) v = v[k];
		console.log(v)' "$1" "$2"
}

# bench_merchant DB FILE [FLAGS...]: a merchant (kasir merchant create
# --json into FILE); sets server_key and client_key (sandbox) and exports
# KASIR_BENCH_AUTH, the Basic credentials the wrk scripts send
bench_merchant() {
	db_=$1 file_=$2
	shift 2
	"$KASIR" merchant create --db "$db_" --name "Bench Shop" --json "$@" >"$file_" 2>"$file_.err" ||
		{ cat "$file_.err" >&2; bench_fail "kasir merchant create failed"; }
	server_key=$(json_field "$file_" sandbox.server_key)
	client_key=$(json_field "$file_" sandbox.client_key)
	KASIR_BENCH_AUTH=$(printf '%s:' "$server_key" | base64 | tr -d '\n')
	export KASIR_BENCH_AUTH
}

# bench_serve NAME DB [FLAGS...]: kasir serve on a free loopback port, run
# in $tmp with its card key file $tmp/kasir-card.key (required on
# PostgreSQL; one file, so the nodes share it; removed with $tmp), its
# output in $tmp/NAME.stdout and $tmp/NAME.stderr; sets server_pid, port
# and url once it listens (15 s at most)
bench_serve() {
	name_=$1 db_=$2
	shift 2
	kasir_=$(cd "$(dirname "$KASIR")" && pwd)/$(basename "$KASIR")
	(cd "$tmp" && exec "$kasir_" serve --listen 127.0.0.1:0 --db "$db_" \
		--card-key-file "$tmp/kasir-card.key" --threads "$SERVER_THREADS" --log-level warn "$@") \
		>"$tmp/$name_.stdout" 2>"$tmp/$name_.stderr" &
	server_pid=$!
	port=""
	i=0
	while [ $i -lt 150 ]; do
		port=$(sed -n 's|^kasir: listening on http://127\.0\.0\.1:\([0-9][0-9]*\)$|\1|p' \
			"$tmp/$name_.stdout" | head -n 1)
		[ -n "$port" ] && break
		if ! kill -0 "$server_pid" 2>/dev/null; then
			cat "$tmp/$name_.stderr" >&2
			server_pid=""
			bench_fail "kasir serve exited before listening"
		fi
		sleep 0.1
		i=$((i + 1))
	done
	[ -n "$port" ] || { cat "$tmp/$name_.stderr" >&2; bench_fail "kasir serve printed no listening line in 15 s"; }
	url="http://127.0.0.1:$port"
}

# run_wrk OUT DURATION [wrk args...]: wrk with CONNS connections, its
# output into OUT, in the background so that a signal ends the wait (the
# script's trap kills it through wrk_pid); exits if wrk failed
run_wrk() {
	out_=$1 duration_=$2
	shift 2
	wrk -t"$WRK_THREADS" -c"$CONNS" -d"$duration_" --latency "$@" >"$out_" 2>&1 &
	wrk_pid=$!
	rc=0
	wait "$wrk_pid" || rc=$?
	wrk_pid=""
	[ "$rc" -eq 0 ] || { cat "$out_" >&2; bench_fail "wrk exited $rc"; }
}
