#!/usr/bin/env bash
# Two app servers behind one address, one job worker, one PostgreSQL.
#
# Each server is its own gunicorn master with WORKERS sync workers; both listen on
# 127.0.0.1:PORT with SO_REUSEPORT (gunicorn --reuse-port), so the kernel spreads the
# connections over the two, as a load balancer would over two hosts. Server A also listens on
# PORT+1 and server B on PORT+2, so the cross-server check can choose the server.
#
#   1. server A; `wijkteam loadtest` against PORT (one)
#   2. server B and the job worker (wijkteam qcluster); `wijkteam loadtest --across`: a
#      session made on A is used on B, a file uploaded on B is mapped on A, the import job it
#      starts runs on the worker and is followed on A and B; then the worker is stopped
#   3. `wijkteam loadtest` against PORT again (two), and the ratio two/one
# The worker runs for the check only: on a freshly generated city its first access-log seal
# chains millions of rows, and that would be measured as part of the load.
# Everything it started is stopped at the end (also on Ctrl+C or an error).
#
# Usage (a generated city in the database, docs/benchmark.md):
#   DATABASE_URL=postgres://… WIJKTEAM_SECRET_KEY=… scripts/two-servers.sh
# Settings: PORT (8400), WORKERS (1), USERS (10), DURATION (30), MODE (closed) and RATE,
#           OUT (a new temporary folder): logs and one.json, two.json, across.json, ratio.json.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?set DATABASE_URL to the PostgreSQL database with the generated city}"
port=${PORT:-8400}
workers=${WORKERS:-1}
users=${USERS:-10}
duration=${DURATION:-30}
mode=${MODE:-closed}
out=${OUT:-$(mktemp -d)}
mkdir -p "$out"
pids=()

stop_group() {  # TERM, up to 10 s, then KILL: the job worker's guard may outlive a TERM
  kill -TERM -- "-$1" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.2; done
  kill -KILL -- "-$1" 2>/dev/null || true
}

stop_all() {
  for pid in "${pids[@]}"; do stop_group "$pid"; done
}
trap stop_all EXIT

start() {  # name, command...: its own process group, so stopping it stops its children
  local name=$1; shift
  setsid "$@" >"$out/$name.log" 2>&1 &
  pids+=("$!")
}

wait_health() {
  for _ in $(seq 100); do
    curl -sf -o /dev/null "http://127.0.0.1:$1/health/" && return 0
    sleep 0.2
  done
  echo "server on port $1 did not start; see $out" >&2
  exit 1
}

server() {  # name, own port
  start "$1" .venv/bin/gunicorn wijkteam.wsgi:application --reuse-port \
    --bind "127.0.0.1:$port" --bind "127.0.0.1:$2" --workers "$workers"
  wait_health "$2"
}

load() {  # name
  local rate=()
  [ "$mode" = rate ] && rate=(--rate "${RATE:?MODE=rate needs RATE}")
  .venv/bin/wijkteam loadtest --base-url "http://127.0.0.1:$port" --duration "$duration" \
    --users "$users" --mode "$mode" "${rate[@]}" --json "$out/$1.json" | tail -1
}

server server-a "$((port + 1))"
echo "one server ($workers workers):"; load one
server server-b "$((port + 2))"
start worker .venv/bin/wijkteam qcluster
worker=${pids[-1]}
.venv/bin/wijkteam loadtest --base-url "http://127.0.0.1:$((port + 1))" \
  --across "http://127.0.0.1:$((port + 2))" >"$out/across.json"
echo "across the two servers: session, upload and job ok ($out/across.json)"
stop_group "$worker"
echo "two servers ($workers workers each):"; load two
.venv/bin/python - "$out" <<'EOF'
import json, sys
from pathlib import Path

out = Path(sys.argv[1])
one, two = (json.loads((out / f"{n}.json").read_text())["overall"] for n in ("one", "two"))
ratio = {
    "rps_two_over_one": round(two["rps"] / one["rps"], 2) if one["rps"] else None,
    "p95_two_over_one": round(two["p95"] / one["p95"], 2) if one["p95"] else None,
    "one": one,
    "two": two,
}
(out / "ratio.json").write_text(json.dumps(ratio, indent=2) + "\n")
print(f"ratio two/one: {ratio['rps_two_over_one']} (req/s), p95 {ratio['p95_two_over_one']}")
EOF
echo "logs and reports: $out"
