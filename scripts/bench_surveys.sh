#!/usr/bin/env bash
# Measure benchmarks (benches/measure.rs): the impact report over a million survey responses and a million
# daily reach rows, and survey submissions over HTTP on loopback sent by oha, on SQLite and on PostgreSQL.
# Installs oha (`cargo install oha --locked`, into target/tools) when it is not on the PATH.
# Usage: scripts/bench_surveys.sh [report|submit|all]   (PostgreSQL at $BEACON_TEST_PG_URL for the
# PostgreSQL runs; each gets a fresh database, dropped afterwards).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
what=${1:-all}
tools=${CARGO_TARGET_DIR:-target}/tools
if command -v oha >/dev/null 2>&1; then
	oha=$(command -v oha)
elif [ -x "$tools/bin/oha" ]; then
	oha=$tools/bin/oha
else
	echo "==> installing oha into $tools"
	cargo install oha --locked --root "$tools" --quiet
	oha=$tools/bin/oha
fi
export BENCH_OHA=$oha
admin=${BEACON_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
fresh_pg() {
	local db="beacon_bench_measure_$$_$1"
	psql "$admin" -qAtc "DROP DATABASE IF EXISTS $db" >/dev/null
	psql "$admin" -qAtc "CREATE DATABASE $db" >/dev/null
	echo "${admin%/*}/$db"
}
drop_pg() {
	psql "$admin" -qAtc "DROP DATABASE IF EXISTS ${1##*/}" >/dev/null || true
}
run() {
	local part=$1
	echo "==> $part on SQLite"
	BENCH_PG_URL= cargo bench --quiet --bench measure -- "$part"
	if psql "$admin" -qAtc "SELECT 1" >/dev/null 2>&1; then
		local url
		url=$(fresh_pg "$part")
		echo "==> $part on PostgreSQL"
		BENCH_PG_URL=$url cargo bench --quiet --bench measure -- "$part" || { drop_pg "$url"; exit 1; }
		drop_pg "$url"
	else
		echo "==> PostgreSQL does not answer at $admin: skipped"
	fi
}
case $what in
report | submit) run "$what" ;;
all)
	run report
	run submit
	;;
*)
	echo "usage: $0 [report|submit|all]" >&2
	exit 2
	;;
esac
