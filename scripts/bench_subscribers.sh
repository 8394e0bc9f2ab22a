#!/usr/bin/env bash
# Subscriber import benchmark: a generated list (scripts/gen_subscribers.py; 1,000,000 rows make ~110 MB)
# imported with `beacon import subscribers` into a fresh SQLite database and into a fresh PostgreSQL
# database, each timed with its peak memory. The target: under 60 s on both.
# Usage: scripts/bench_subscribers.sh [ROWS]   (needs python3 and /usr/bin/time; PostgreSQL at
# $BEACON_TEST_PG_URL for the second half). BENCH_BIN=path skips the release build and times that binary.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rows=${1:-1000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 scripts/gen_subscribers.py "$rows" > "$work/subscribers.csv"
printf '==> %s subscribers, %s bytes\n' "$rows" "$(stat -c %s "$work/subscribers.csv")"
if [ -n "${BENCH_BIN:-}" ]; then
	bin=$BENCH_BIN
else
	cargo build --release --quiet --bin beacon
	bin=${CARGO_TARGET_DIR:-target}/release/beacon
fi
head -n 2 "$work/subscribers.csv" | sed 's/member0000000@/first@/' > "$work/first.csv"
run() {
	local label=$1
	shift
	# The list is made first (with one subscriber), so that the timed import is the import alone.
	env BEACON_LOG__LEVEL=warn "$@" "$bin" import subscribers "$work/first.csv" --list "Benchmark list" --create \
		--data-dir "$work/data" >/dev/null
	if ! /usr/bin/time -o "$work/time" -f "$label: %e s wall, %M KiB peak RSS" env BEACON_LOG__LEVEL=warn "$@" \
		"$bin" import subscribers "$work/subscribers.csv" --list "Benchmark list" \
		--data-dir "$work/data" >"$work/out" 2>&1; then
		cat "$work/out" >&2
		return 1
	fi
	cat "$work/out" "$work/time"
	rm -rf "$work/data"
}
run "sqlite (embedded, WAL)" BEACON_DATABASE__URL=
admin=${BEACON_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
db="beacon_bench_$$"
if psql "$admin" -qAtc "CREATE DATABASE $db" >/dev/null 2>&1; then
	url="${admin%/*}/$db"
	run "postgres" BEACON_DATABASE__URL="$url"
	psql "$admin" -qAtc "DROP DATABASE $db WITH (FORCE)" >/dev/null
else
	echo "==> PostgreSQL not reachable at $admin: skipped"
fi
