#!/usr/bin/env bash
# README command 1: install, create an SQLite database with fictional demo data, and start
# Wijkteam at http://127.0.0.1:8000/ (WIJKTEAM_PORT to change). Stop with Ctrl+C.
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
exec .venv/bin/gunicorn wijkteam.wsgi:application --bind "127.0.0.1:${port}" --workers 2 --access-logfile - 
