#!/usr/bin/env bash
# Import benchmark: generated Beacon-CSV incident rows (16 columns; 1,000,000 rows make 135 MB) imported
# into a fresh SQLite database and into a fresh PostgreSQL database, each timed with its peak memory.
# Usage: scripts/bench_import.sh [ROWS]   (needs python3 and /usr/bin/time; PostgreSQL at
# $BEACON_TEST_PG_URL for the second half). BENCH_BIN=path skips the release build and times that binary
# (not BEACON_*: Beacon reads every BEACON_* variable as a setting).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rows=${1:-1000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 scripts/gen_incidents.py "$rows" > "$work/incidents.csv"
printf '==> %s rows, 16 columns, %s bytes\n' "$rows" "$(stat -c %s "$work/incidents.csv")"
if [ -n "${BENCH_BIN:-}" ]; then
	bin=$BENCH_BIN
else
	cargo build --release --quiet --bin beacon
	bin=${CARGO_TARGET_DIR:-target}/release/beacon
fi
run() {
	local label=$1
	shift
	if ! /usr/bin/time -o "$work/time" -f "$label: %e s wall, %M KiB peak RSS" env BEACON_LOG__LEVEL=warn "$@" \
		"$bin" import incidents "$work/incidents.csv" --data-dir "$work/data" >"$work/out" 2>&1; then
		cat "$work/out" >&2
		return 1
	fi
	cat "$work/time"
}
run "sqlite (embedded, WAL)" BEACON_DATABASE__URL=
admin=${BEACON_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
db="beacon_bench_$$"
if psql "$admin" -qAtc "CREATE DATABASE $db" >/dev/null 2>&1; then
	url="${admin%/*}/$db"
	run "postgres (COPY)" BEACON_DATABASE__URL="$url"
	psql "$admin" -qAtc "DROP DATABASE $db WITH (FORCE)" >/dev/null
else
	echo "==> PostgreSQL not reachable at $admin: skipped"
fi
