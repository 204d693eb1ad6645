#!/bin/sh
# Installs what kasir needs to build, test and benchmark: Debian packages and
# the npm packages of package.json. Idempotent; quiet when nothing is missing.
set -eu
cd "$(dirname "$0")/.."

DEBS="gcc make pkg-config libmicrohttpd-dev libjansson-dev libsqlite3-dev \
libsodium-dev libcriterion-dev libcurl4-openssl-dev wrk chromium curl \
sqlite3 clang libclang-rt-14-dev postgresql libpq-dev nginx-light brotli"

missing=""
for p in $DEBS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
# Node.js may come from elsewhere than Debian (with its own npm): only a
# machine without it gets Debian's.
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
if [ -n "$missing" ]; then
	echo "deps: installing Debian packages:$missing"
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO="sudo"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi

# npm packages for the tests (midtrans-client, playwright-core driving
# Debian's chromium: no browser is ever downloaded); reinstalled only when
# the lock changes.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	echo "deps: installing npm packages"
	npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi
