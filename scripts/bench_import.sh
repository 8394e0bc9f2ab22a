#!/usr/bin/env bash
# Import benchmark: 1,000,000 generated Beacon-CSV incident rows into SQLite and into PostgreSQL (COPY).
# Usage: scripts/bench_import.sh [ROWS]   (needs python3; PostgreSQL at $BEACON_TEST_PG_URL for the second half)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rows=${1:-1000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 scripts/gen_incidents.py "$rows" > "$work/incidents.csv"
printf '==> %s rows, %s bytes\n' "$rows" "$(stat -c %s "$work/incidents.csv")"
cargo build --release --quiet
bin=target/release/beacon
run() {
	local label=$1
	shift
	/usr/bin/time -f "$label: %e s wall, %M KiB peak RSS" env BEACON_LOG__LEVEL=warn "$@" \
		"$bin" import incidents "$work/incidents.csv" --data-dir "$work/data" >/dev/null
}
run "sqlite (embedded, WAL)" BEACON_DATABASE__URL= 2>&1 | tail -1
admin=${BEACON_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
db="beacon_bench_$$"
if psql "$admin" -qAtc "CREATE DATABASE $db" >/dev/null 2>&1; then
	url="${admin%/*}/$db"
	run "postgres (COPY)" BEACON_DATABASE__URL="$url" 2>&1 | tail -1
	psql "$admin" -qAtc "DROP DATABASE $db WITH (FORCE)" >/dev/null
else
	echo "==> PostgreSQL not reachable at $admin: skipped"
fi
