#!/usr/bin/env bash
# Proves the image: builds the local base image and the app image, starts the FerretDB test image and
# the app with the compose file's settings (docker/app.env) on host networking, waits for the
# image's own health check, then runs the wave of HTTP checks (check.mjs) against it. Every
# container it starts is removed at the end. Usage: tools/docker/run-image.sh [express|koa]
set -euo pipefail
cd "$(dirname "$0")/../.."

APP="${1:-express}"
BASE=tessera-node:20-bookworm
IMAGE="tessera-$APP:ci"
log() { echo "[image] $*"; }
free_port() { node -e 'const s=require("node:net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

tools/docker/build-node-base.sh
log "building $IMAGE (dependencies from the lockfile first, then the sources)"
start=$SECONDS
docker build --quiet --network host --build-arg NODE_IMAGE="$BASE" --build-arg APP="$APP" -t "$IMAGE" . >/dev/null
# Images earlier builds left untagged would pile up run after run; this run's stay as its cache.
docker image prune --force --filter until=1h >/dev/null
log "built in $((SECONDS - start)) s: $(docker image inspect -f '{{.Size}}' "$IMAGE") bytes"

db_port="$(free_port)"
app_port="$(free_port)"
containers=()
cleanup() { [ ${#containers[@]} -eq 0 ] || docker rm -f "${containers[@]}" >/dev/null 2>&1 || true; }
trap cleanup EXIT

containers+=("$(docker run -d --network host --label org.tessera.test=true -e FERRETDB_LISTEN_ADDR="127.0.0.1:$db_port" tessera-ferretdb:1.24.2)")
containers+=("$(docker run -d --network host --label org.tessera.test=true --env-file docker/app.env \
  -e PORT="$app_port" -e HOST=127.0.0.1 -e DATABASE_URL="mongodb://127.0.0.1:$db_port/tessera" "$IMAGE")")
app="${containers[1]}"

log "waiting for the image's health check"
for _ in $(seq 1 60); do
  status="$(docker inspect -f '{{.State.Health.Status}}' "$app")"
  [ "$status" = healthy ] && break
  if [ "$(docker inspect -f '{{.State.Running}}' "$app")" != true ]; then
    docker logs "$app" >&2
    exit 1
  fi
  sleep 1
done
[ "$status" = healthy ] || { log "not healthy: $status"; docker logs "$app" >&2; exit 1; }
[ "$(docker inspect -f '{{.Config.User}}' "$app")" = node ] || { log "the app does not run as the unprivileged user"; exit 1; }

node tools/docker/check.mjs "http://127.0.0.1:$app_port"
