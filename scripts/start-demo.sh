#!/usr/bin/env bash
# README command 1: install, create an SQLite database with fictional demo data, and start
# Wijkteam at http://127.0.0.1:8000/ (WIJKTEAM_PORT to change) with one background job worker.
# Stop both with Ctrl+C.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
export WIJKTEAM_DEMO_MODE=1
export WIJKTEAM_DATA_DIR="${WIJKTEAM_DATA_DIR:-$PWD/var}"
port="${WIJKTEAM_PORT:-8000}"
mkdir -p "$WIJKTEAM_DATA_DIR"
.venv/bin/wijkteam migrate --noinput -v0
.venv/bin/wijkteam collectstatic --noinput -v0
.venv/bin/wijkteam demo --url "http://127.0.0.1:${port}/"
# One job worker (django-q2: imports, sealing the access log, nightly retention report) next
# to the web server; Ctrl+C stops both.
WIJKTEAM_JOB_WORKERS="${WIJKTEAM_JOB_WORKERS:-1}" .venv/bin/wijkteam qcluster &
worker=$!
trap 'kill "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT
trap 'exit 130' INT TERM
.venv/bin/gunicorn wijkteam.wsgi:application --bind "127.0.0.1:${port}" --workers 2 --access-logfile -
