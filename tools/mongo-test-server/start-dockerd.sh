#!/usr/bin/env bash
# Start a Docker engine for the FerretDB test containers, unless one is already reachable.
#
# The CI machine has no route to container registries and allows no traffic except
# loopback, so the daemon runs without the default bridge and without touching
# iptables: containers must use `--network host` (testcontainers: withNetworkMode("host")).
# The PID of the daemon we start goes to $TESSERA_DOCKERD_PIDFILE so that
# stop-dockerd.sh stops exactly that process and nothing else.
set -euo pipefail

PIDFILE="${TESSERA_DOCKERD_PIDFILE:-/tmp/tessera-dockerd.pid}"
LOGFILE="${TESSERA_DOCKERD_LOG:-/tmp/tessera-dockerd.log}"
WAIT_SECONDS="${TESSERA_DOCKERD_WAIT:-30}"

log() { echo "[start-dockerd] $*"; }

if docker info >/dev/null 2>&1; then
  log "docker engine already reachable; not starting another"
  exit 0
fi

if ! command -v dockerd >/dev/null 2>&1; then
  # A fresh machine may lack the engine; Debian's package brings dockerd, containerd and runc.
  if [ "$(id -u)" -ne 0 ]; then
    echo "[start-dockerd] dockerd not installed and not root; install docker.io first" >&2
    exit 1
  fi
  log "installing docker.io from apt"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null
fi

log "starting dockerd (no bridge, no iptables; log: $LOGFILE)"
# --bridge=none: no docker0 and no NAT; only host/none networking works.
# --iptables/--ip6tables/--ip-forward/--ip-masq=false: leave host firewall and sysctls alone.
# setsid: detach from our process group, so the daemon outlives this script's caller
# and a Ctrl-C in the calling shell does not hit it.
setsid dockerd \
  --bridge=none \
  --iptables=false \
  --ip6tables=false \
  --ip-forward=false \
  --ip-masq=false \
  >"$LOGFILE" 2>&1 </dev/null &
echo $! >"$PIDFILE"

for _ in $(seq 1 "$WAIT_SECONDS"); do
  if docker info >/dev/null 2>&1; then
    log "docker engine ready (pid $(cat "$PIDFILE"))"
    exit 0
  fi
  if ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    echo "[start-dockerd] dockerd exited early; last log lines:" >&2
    tail -n 20 "$LOGFILE" >&2
    rm -f "$PIDFILE"
    exit 1
  fi
  sleep 1
done

echo "[start-dockerd] docker engine not ready after ${WAIT_SECONDS}s; see $LOGFILE" >&2
exit 1
