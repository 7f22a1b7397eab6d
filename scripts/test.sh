#!/usr/bin/env bash
# Run the whole test suite headless: lint, then pytest on SQLite and (where PostgreSQL can be started here)
# on PostgreSQL too. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export QT_QPA_PLATFORM=offscreen

pg_dir=""
cleanup() {
  if [ -n "$pg_dir" ] && [ -d "$pg_dir" ]; then
    su postgres -c "$PG_BIN/pg_ctl -D $pg_dir -m fast stop" >/dev/null 2>&1 || true
    rm -rf "$pg_dir"
  fi
}
trap cleanup EXIT

PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "${CARELOG_TEST_PG_URL:-}" ] && [ -n "$PG_BIN" ] && [ "$(id -u)" -eq 0 ]; then
  pg_dir=$(mktemp -d /tmp/carelog-pg.XXXXXX)
  chown postgres "$pg_dir"
  port=${CARELOG_TEST_PG_PORT:-55432}
  if su postgres -c "$PG_BIN/initdb -D $pg_dir -A trust -U postgres" >/dev/null \
     && su postgres -c "$PG_BIN/pg_ctl -D $pg_dir -w -l $pg_dir/log -o '-p $port -k $pg_dir -c listen_addresses=127.0.0.1' start" >/dev/null; then
    export CARELOG_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
    echo "test: PostgreSQL started on port $port for the storage tests"
  else
    echo "test: could not start PostgreSQL; storage tests run on SQLite only" >&2
  fi
fi

.venv/bin/ruff check carelog tests benchmarks
.venv/bin/mypy  # strict for carelog.core, carelog.db, carelog.reports and carelog.services (pyproject.toml)
.venv/bin/mypy --check-untyped-defs carelog/ui carelog/app.py  # the UI's function bodies are type-checked too
.venv/bin/python -m pytest -q "$@"
