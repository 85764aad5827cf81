#!/usr/bin/env bash
# Installs everything Wijkteam needs on a fresh Debian machine (idempotent).
#   scripts/install.sh          runtime: Python venv from the lock file, front-end files
#   scripts/install.sh --test   also what the tests need: Chromium, PostgreSQL, poppler
set -euo pipefail
cd "$(dirname "$0")/.."
with_test=0
[ "${1:-}" = "--test" ] && with_test=1

packages=(python3 python3-venv libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core nodejs npm)
if [ "$with_test" = 1 ]; then
  packages+=(chromium poppler-utils postgresql gettext)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
# node and npm may come from elsewhere than Debian (e.g. a preinstalled toolchain).
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
read -r -a missing <<< "${missing[*]:-}"
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Please install these Debian packages first (as root): ${missing[*]}" >&2
    exit 1
  fi
fi

PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null || PYTHON=python3
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
lock=requirements/base.lock
[ "$with_test" = 1 ] && lock=requirements/test.lock
.venv/bin/python -m pip install -q --require-hashes -r "$lock"
.venv/bin/python -m pip install -q --no-deps -e .
scripts/build-frontend.sh
