#!/usr/bin/env bash
# Regenerates docs/screenshots/*.png (household file, Mijn werk, plan and its PDF) from a
# throwaway demo database, so reviewers see the look. Needs what the tests need (Chromium,
# poppler): installs it like the test command does. Loopback only; removes its data after.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh --test
export WIJKTEAM_DEMO_MODE=1
WIJKTEAM_DATA_DIR="$(mktemp -d /tmp/wijkteam-shots.XXXXXX)"
export WIJKTEAM_DATA_DIR
port="${WIJKTEAM_SHOTS_PORT:-8766}"
.venv/bin/wijkteam migrate --noinput -v0
.venv/bin/wijkteam collectstatic --noinput -v0
.venv/bin/wijkteam demo --url "http://127.0.0.1:${port}/" >/dev/null
.venv/bin/gunicorn wijkteam.wsgi:application --bind "127.0.0.1:${port}" --workers 1 \
  --log-level warning &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$WIJKTEAM_DATA_DIR"' EXIT
for _ in $(seq 1 50); do
  curl -fs "http://127.0.0.1:${port}/login/" >/dev/null 2>&1 && break
  sleep 0.2
done
.venv/bin/wijkteam screenshots --base-url "http://127.0.0.1:${port}" --out docs/screenshots
