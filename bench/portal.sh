#!/bin/sh
# kasir portal benchmark (issue 6, "Speed"). Builds nothing: run `make`
# first; `BUILD=build bench/portal.sh`. Only 127.0.0.1 is used; everything
# it starts is stopped on exit, its files removed.
#
#  1. A merchant with a portal log-in, then N transactions (orders with a
#     payment each; default 1,000,000) written straight into its sandbox with
#     the sqlite3 CLI (a recursive CTE: about half a minute), spread over the
#     last 30 days, with mixed methods and statuses.
#  2. kasir serve --log-level debug on that database; a portal log-in.
#  3. R requests (default 200) each of: the list's first page, a search by
#     a random existing order id, the first page filtered by status, a page
#     deep in the list (cursor), and the 30-day dashboard. The figures are
#     the server's own times per request (its debug log line), so they leave
#     out curl and the loopback: p50, p99 and max in ms. Target: first page
#     and order-id search under 50 ms.
#
# Knobs (environment): BENCH_PORTAL_ROWS (1000000), BENCH_PORTAL_REQUESTS (200),
# BENCH_PORTAL_DB (sqlite, or pg: the same rows in a throw-away PostgreSQL
# from scripts/pg-dev.sh, filled with psql and generate_series).
set -eu
cd "$(dirname "$0")/.."

. bench/lib.sh
ROWS=${BENCH_PORTAL_ROWS:-1000000}
REQS=${BENCH_PORTAL_REQUESTS:-200}

BACKEND=${BENCH_PORTAL_DB:-sqlite}
case $BACKEND in
sqlite) filler=sqlite3 ;;
pg) filler=psql ;;
*) echo "bench: BENCH_PORTAL_DB must be sqlite or pg" >&2; exit 2 ;;
esac

bench_need "$filler" curl awk

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kasir-portal-bench.XXXXXX")
server_pid=""
pgdir=""
cleanup() {
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
	[ -n "$pgdir" ] && scripts/pg-dev.sh stop "$pgdir"
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "$BACKEND" = pg ]; then
	out=$(scripts/pg-dev.sh start)
	pgdir=${out%% *}
	db=${out#* }
else
	db="sqlite:$tmp/kasir.db"
fi
email=bench@portal.example
password='bench portal password'
printf '%s\n' "$password" | "$KASIR" merchant create --db "$db" --name "Bench Portal" \
	--email "$email" --json >"$tmp/merchant.json" 2>"$tmp/create.log"
code=$(sed -n 's/.*"id":"\(G[0-9]*\)".*/\1/p' "$tmp/merchant.json")

# -- fill -------------------------------------------------------------------
now_ms=$(($(date +%s) * 1000))
start=$(date +%s)
# one row per second of the last $ROWS seconds (about 11.6 days for a million)
fill_sqlite() {
sqlite3 "${db#sqlite:}" <<SQL
PRAGMA synchronous = OFF;
BEGIN;
CREATE TEMP TABLE env AS SELECT e.id AS id FROM environments e JOIN merchants m ON m.id = e.merchant_id
	WHERE m.code = '$code' AND e.kind = 0;
CREATE TEMP TABLE seq AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $ROWS)
	SELECT i, $now_ms - ($ROWS - i) * 1000 AS at FROM n;
INSERT INTO orders (env_id, token, order_id, gross_amount, created_at, expires_at, enabled_payments, request_json)
	SELECT (SELECT id FROM env), printf('bench-token-%08d', i), printf('bench-%08d', i), 10000 + i % 90000, at,
	       at + 86400000, '',
	       printf('{"transaction_details":{"order_id":"bench-%08d","gross_amount":%d},"customer_details":{"first_name":"Budi %d"}}',
	              i, 10000 + i % 90000, i % 1000)
	FROM seq;
INSERT INTO payments (transaction_id, order_ref, env_id, payment_type, status, fraud_status, status_code,
		      status_message, gross_amount, created_at, updated_at)
	SELECT printf('bench-tx-%08d', s.i), o.id, o.env_id,
	       CASE s.i % 4 WHEN 0 THEN 'credit_card' WHEN 1 THEN 'bank_transfer' WHEN 2 THEN 'echannel' ELSE 'cstore' END,
	       CASE s.i % 5 WHEN 0 THEN 'pending' WHEN 1 THEN 'capture' WHEN 2 THEN 'settlement' WHEN 3 THEN 'deny' ELSE 'expire' END,
	       CASE WHEN s.i % 4 = 0 THEN 'accept' END, '200', 'bench', o.gross_amount, s.at, s.at
	FROM seq s JOIN orders o ON o.token = printf('bench-token-%08d', s.i);
COMMIT;
ANALYZE;
SQL
}
fill_pg() {
psql -qAt -v ON_ERROR_STOP=1 "$db" <<SQL
BEGIN;
CREATE TEMP TABLE env AS SELECT e.id AS id FROM environments e JOIN merchants m ON m.id = e.merchant_id
	WHERE m.code = '$code' AND e.kind = 0;
CREATE TEMP TABLE seq AS SELECT i, $now_ms::bigint - ($ROWS - i) * 1000::bigint AS at
	FROM generate_series(1, $ROWS) AS i;
INSERT INTO orders (env_id, token, order_id, gross_amount, created_at, expires_at, enabled_payments, request_json)
	SELECT (SELECT id FROM env), format('bench-token-%s', lpad(i::text, 8, '0')),
	       format('bench-%s', lpad(i::text, 8, '0')), 10000 + i % 90000, at, at + 86400000, '',
	       format('{"transaction_details":{"order_id":"bench-%s","gross_amount":%s},"customer_details":{"first_name":"Budi %s"}}',
	              lpad(i::text, 8, '0'), 10000 + i % 90000, i % 1000)
	FROM seq;
INSERT INTO payments (transaction_id, order_ref, env_id, payment_type, status, fraud_status, status_code,
		      status_message, gross_amount, created_at, updated_at)
	SELECT format('bench-tx-%s', lpad(s.i::text, 8, '0')), o.id, o.env_id,
	       CASE s.i % 4 WHEN 0 THEN 'credit_card' WHEN 1 THEN 'bank_transfer' WHEN 2 THEN 'echannel' ELSE 'cstore' END,
	       CASE s.i % 5 WHEN 0 THEN 'pending' WHEN 1 THEN 'capture' WHEN 2 THEN 'settlement' WHEN 3 THEN 'deny' ELSE 'expire' END,
	       CASE WHEN s.i % 4 = 0 THEN 'accept' END, '200', 'bench', o.gross_amount, s.at, s.at
	FROM seq s JOIN orders o ON o.token = format('bench-token-%s', lpad(s.i::text, 8, '0'));
COMMIT;
VACUUM ANALYZE;
SQL
}
if [ "$BACKEND" = pg ]; then fill_pg; else fill_sqlite; fi
fill_s=$(($(date +%s) - start))

# -- serve ------------------------------------------------------------------
# the card key in $tmp: run from the repository root, a default in the
# working directory once left one in the checkout
"$KASIR" serve --db "$db" --listen 127.0.0.1:0 --threads 2 --log-level debug \
	--card-key-file "$tmp/kasir-card.key" >"$tmp/out" 2>"$tmp/log" &
server_pid=$!
for _ in $(seq 1 100); do
	grep -q 'listening on' "$tmp/out" 2>/dev/null && break
	sleep 0.1
done
base=$(sed -n 's/^kasir: listening on \(http:[^ ]*\)$/\1/p' "$tmp/out")
[ -n "$base" ] || { echo "bench: kasir did not start" >&2; cat "$tmp/log" >&2; exit 1; }
curl -s -c "$tmp/jar" -H 'Content-Type: application/json' \
	-d "{\"email\":\"$email\",\"password\":\"$password\"}" "$base/map/api/login" >/dev/null

# server-side times of the requests logged after line $1 for path $2
server_times() {
	tail -n "+$(($1 + 1))" "$tmp/log" | awk -v p="$2" '$0 ~ " GET " p " 200 " {
		for (i = 1; i <= NF; i++) if ($i ~ /ms$/) { sub(/ms$/, "", $i); print $i } }' | sort -n
}
# p50 p99 max of a sorted list of numbers on stdin
stats() {
	awk '{ v[NR] = $1 } END { if (!NR) { print "-"; exit }
		p50 = v[int((NR + 1) * 0.5)]; i = int(NR * 0.99 + 0.5); if (i < 1) i = 1;
		printf "%7.2f %7.2f %7.2f %6d\n", p50, v[i], v[NR], NR }'
}
run() {
	name=$1; path=$2; shift 2
	mark=$(wc -l <"$tmp/log")
	for q in "$@"; do
		curl -s -o /dev/null -b "$tmp/jar" "$base$path?$q"
	done
	sleep 0.2 # the last log line
	printf '%-34s %s\n' "$name" "$(server_times "$mark" "$path" | stats)"
}
rand_ids() {
	awk -v n="$REQS" -v rows="$ROWS" 'BEGIN { srand(42); for (i = 0; i < n; i++)
		printf "order_id=bench-%08d\n", 1 + int(rand() * rows) }'
}
repeat() { for _ in $(seq 1 "$REQS"); do echo "$1"; done; }

list=/map/api/sandbox/transactions
# a cursor about half-way down the list
mid=$((ROWS / 2))
cursor="cursor=$((now_ms - (ROWS - mid) * 1000)).$mid"
echo
echo "== kasir portal benchmark ($BACKEND): $ROWS transactions (filled in ${fill_s}s), $REQS requests each =="
printf '%-34s %7s %7s %7s %6s\n' "server time (ms)" p50 p99 max n
# shellcheck disable=SC2046
run "list, first page (50)" "$list" $(repeat "limit=50")
# shellcheck disable=SC2046
run "search by order id" "$list" $(rand_ids)
# shellcheck disable=SC2046
run "first page, status=settlement" "$list" $(repeat "status=settlement")
# shellcheck disable=SC2046
run "first page, method=echannel" "$list" $(repeat "method=echannel")
# shellcheck disable=SC2046
run "a page half-way down (cursor)" "$list" $(repeat "$cursor")
today=$(TZ=Asia/Jakarta date +%Y-%m-%d)
from=$(TZ=Asia/Jakarta date -d '29 days ago' +%Y-%m-%d)
# shellcheck disable=SC2046
run "dashboard, 30 days (all rows)" /map/api/sandbox/dashboard $(for _ in $(seq 1 5); do echo "from=$from&to=$today"; done)
echo "target: first page and order-id search p99 under 50 ms at the server"
