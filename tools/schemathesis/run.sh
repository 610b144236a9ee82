#!/usr/bin/env bash
# Runs schemathesis (from PyPI) against both apps, each started here on a free loopback port with
# the in-memory store, from the OpenAPI document the app itself serves. Prints per app how many
# requests it made, how many 5xx and schema violations it saw; fails if it saw any failure.
set -euo pipefail
cd "$(dirname "$0")/../.."

version=4.32.5
seconds="${SCHEMATHESIS_SECONDS:-30}"
venv="${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/tessera/schemathesis-${version}"
out="test-output/schemathesis"

if [ ! -x "$venv/bin/schemathesis" ]; then
  echo "[schemathesis] installing schemathesis ${version} into ${venv}"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "schemathesis==${version}"
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

server_pid=""
stop_server() { if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; server_pid=""; fi; }
trap stop_server EXIT

failed=0
rm -rf "$out"
# Every app of the one table the tests and the benchmark read too: "name main" per line.
mapfile -t apps < <(python3 -c 'import json; [print(a["name"], a["main"]) for a in json.load(open("tests/apps/apps.json"))]')
for entry in "${apps[@]}"; do
  read -r app main <<<"$entry"
  port="$(free_port)"
  mkdir -p "$out/$app"
  # Low bcrypt cost and a high per-address limit: every request comes from 127.0.0.1, and the
  # point is to reach every route's logic, not to wait on hashing or on the throttle.
  # DATABASE_URL=memory: names the store: the apps' default, ./data/tessera.db, is not the tools' to write.
  DATABASE_URL=memory: PORT="$port" HOST=127.0.0.1 BCRYPT_COST=4 LOGIN_MAX_FAILURES_PER_ADDRESS=10000 REGISTER_MAX_PER_ADDRESS=10000 FORGOT_PASSWORD_MAX_PER_ADDRESS=10000 \
    node "$main" >"$out/$app/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 50); do
    if python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/healthz', timeout=1)" 2>/dev/null; then break; fi
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "[schemathesis] the $app app did not start:" >&2
      cat "$out/$app/server.log" >&2
      exit 1
    fi
    sleep 0.2
  done

  set +e
  SCHEMATHESIS_HOOKS=hooks PYTHONPATH=tools/schemathesis "$venv/bin/schemathesis" run "http://127.0.0.1:$port/openapi.json" \
    --checks all \
    --exclude-checks positive_data_acceptance \
    --max-time "$seconds" \
    --wait-for-schema 10 \
    --report json --report-dir "$out/$app" >"$out/$app/schemathesis.log" 2>&1
  status=$?
  set -e
  stop_server

  python3 tools/schemathesis/summary.py "$app" "$out/$app" || failed=1
  if [ "$status" -ne 0 ]; then
    failed=1
    tail -n 60 "$out/$app/schemathesis.log"
  fi
done
exit "$failed"
