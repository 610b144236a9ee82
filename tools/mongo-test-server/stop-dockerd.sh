#!/usr/bin/env bash
# Remove test containers (label org.tessera.test=true) and stop the dockerd that
# start-dockerd.sh started. Only the PID recorded in $TESSERA_DOCKERD_PIDFILE is
# signalled; an engine that was already running before start-dockerd.sh is left alone.
set -euo pipefail

PIDFILE="${TESSERA_DOCKERD_PIDFILE:-/tmp/tessera-dockerd.pid}"

log() { echo "[stop-dockerd] $*"; }

# Every container from tessera-ferretdb carries the label (set in the image), and tests
# are asked to set it on any other container they start.
if docker info >/dev/null 2>&1; then
  ids="$(docker ps -aq --filter label=org.tessera.test=true)"
  if [ -n "$ids" ]; then
    log "removing test containers: $(echo $ids)"
    # shellcheck disable=SC2086 # one id per word
    docker rm -f $ids >/dev/null
  fi
fi

if [ ! -f "$PIDFILE" ]; then
  log "no $PIDFILE; no dockerd of ours to stop"
  exit 0
fi

pid="$(cat "$PIDFILE")"
# Guard against a stale file whose PID now belongs to some other process.
if ! kill -0 "$pid" 2>/dev/null || [ "$(cat "/proc/$pid/comm" 2>/dev/null)" != dockerd ]; then
  log "dockerd $pid is not running; removing stale $PIDFILE"
  rm -f "$PIDFILE"
  exit 0
fi

log "stopping dockerd $pid"
kill -TERM "$pid"
# dockerd shuts down its own containerd on TERM; give it a bounded time.
for _ in $(seq 1 30); do
  kill -0 "$pid" 2>/dev/null || break
  sleep 1
done
if kill -0 "$pid" 2>/dev/null; then
  log "dockerd $pid still running after 30s; sending KILL"
  kill -KILL "$pid"
fi
rm -f "$PIDFILE"
log "stopped"
