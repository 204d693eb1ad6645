#!/bin/sh
# Starts a throw-away PostgreSQL for development and tests: initdb in a
# temporary folder, listening only on 127.0.0.1 on a free port, durable
# commits (fsync and synchronous_commit on, as in production).
#   pg-dev.sh start   prints the folder and the URL: "DIR URL"
#   pg-dev.sh stop DIR  stops that server and removes its folder
#   pg-dev.sh restart DIR [SECONDS]  stops it (fast shutdown), stays down
#                       SECONDS (default 0), starts it again on its data
# As root, the server runs as the unprivileged user "postgres" (initdb
# refuses to run as root).
set -eu
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$PGBIN/initdb" ] || { echo "pg-dev: PostgreSQL server not installed (scripts/deps.sh)" >&2; exit 1; }

as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

free_port() {
	node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

server_start() {
	as_owner "$PGBIN/pg_ctl" -D "$1/data" -l "$1/server.log" -w -t 60 -o "$(cat "$1/options")" \
		start >/dev/null
}

start() {
	dir=$(mktemp -d /tmp/kasir-pg-XXXXXX)
	chmod 755 "$dir"
	[ "$(id -u)" -eq 0 ] && chown postgres "$dir"
	as_owner "$PGBIN/initdb" -D "$dir/data" -U kasir --auth=trust -E UTF8 \
		--locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; exit 1; }
	port=$(free_port)
	# the socket lives in the folder too, so nothing outside it is touched
	echo "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir \
-c max_connections=200 -c fsync=on -c synchronous_commit=on -c shared_buffers=128MB" > "$dir/options"
	server_start "$dir" || { cat "$dir/server.log" >&2; exit 1; }
	url="postgres://kasir@127.0.0.1:$port/postgres"
	echo "$url" > "$dir/url"
	echo "$dir $url"
}

stop() {
	dir=$1
	case "$dir" in /tmp/kasir-pg-*) ;; *) echo "pg-dev: not a pg-dev folder: $dir" >&2; exit 1 ;; esac
	if [ -d "$dir/data" ]; then
		as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$dir"
}

# restart keeps the data: for the tests that take the database away
restart() {
	dir=$1
	as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
	sleep "${2:-0}"
	server_start "$dir"
}

case "${1:-}" in
start) start ;;
stop) stop "${2:?usage: pg-dev.sh stop DIR}" ;;
restart) restart "${2:?usage: pg-dev.sh restart DIR [SECONDS]}" "${3:-0}" ;;
*) echo "usage: pg-dev.sh start | stop DIR | restart DIR [SECONDS]" >&2; exit 2 ;;
esac
