#!/usr/bin/env bash
# README command 2: install what the tests need and run the whole suite:
# lint (ruff), types (mypy), translations, then pytest on SQLite and on a real PostgreSQL
# server started here, both including the browser tests in headless Debian Chromium.
# A run that skips the browser or PostgreSQL part fails (WIJKTEAM_STRICT_TESTS). The SQLite
# run moves the clock to another date (see below).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh --test
export WIJKTEAM_TESTING=1 WIJKTEAM_STRICT_TESTS=1
PY=.venv/bin
# One pytest worker per core, at least 2 (a third of the suite waits on browsers, servers and
# workers it starts) and at most 4 (each worker migrates its own test database first).
cores="$(nproc 2>/dev/null || echo 2)"
workers="${WIJKTEAM_TEST_WORKERS:-$(( cores < 2 ? 2 : (cores > 4 ? 4 : cores) ))}"

echo "== ruff"; $PY/ruff check src tests; $PY/ruff format --check src tests
# mypy without the testing variable: django-stubs loads wijkteam.settings_typecheck.
echo "== mypy"; env -u WIJKTEAM_TESTING $PY/mypy src/wijkteam
# The import contract ([tool.importlinter] in pyproject.toml, docs/architecture.md).
echo "== import contract"; $PY/lint-imports --no-cache

# SQLite runs with the whole session moved to another date, so a test that only passes in the
# week it was written fails at once; PostgreSQL runs on today's date. Together they cover both
# databases and both clocks in two runs instead of three (CI must stay under 30 minutes). The
# offset varies per run (WIJKTEAM_SHIFT_DATE repeats one, e.g. +400d; +0d runs SQLite on today);
# it is printed so a failure can be reproduced. Each run lists its 15 slowest tests (the CI budget).
clock_shift="${WIJKTEAM_SHIFT_DATE:-+$(( (RANDOM % 2000) + 1 ))d}"
echo "== pytest on SQLite ($workers workers), clock shifted by $clock_shift (repeat with WIJKTEAM_SHIFT_DATE=$clock_shift)"
WIJKTEAM_EXPECT_DB=sqlite $PY/pytest -p no:cacheprovider -n "$workers" --durations=15 \
  --shift-date="$clock_shift" "$@"

echo "== pytest on PostgreSQL (today's date)"
pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
pg_dir="$(mktemp -d /tmp/wijkteam-pg.XXXXXX)"
pg_port="${WIJKTEAM_TEST_PG_PORT:-54329}"
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$pg_dir"
as_pg "$pg_bin/initdb -D '$pg_dir/data' -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null"
as_pg "$pg_bin/pg_ctl -D '$pg_dir/data' -l '$pg_dir/log' -w -o \"-p $pg_port -k '$pg_dir' -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off\" start >/dev/null"
trap 'as_pg "$pg_bin/pg_ctl -D \"$pg_dir/data\" -m fast stop" >/dev/null 2>&1 || true; rm -rf "$pg_dir"' EXIT
# The schemathesis run (marker fuzz) and the tests whose result cannot depend on the database
# kind (marker once: the Dutch crawl, axe on every page) run once per full run: in the SQLite
# run above.
DATABASE_URL="postgres://postgres@127.0.0.1:${pg_port}/wijkteam" WIJKTEAM_EXPECT_DB=postgresql \
  WIJKTEAM_SKIP_FUZZ=1 WIJKTEAM_SKIP_ONCE=1 $PY/pytest -p no:cacheprovider -n "$workers" --durations=15 "$@"
echo "== all test runs passed (SQLite shifted by $clock_shift, PostgreSQL on today's date)"
