#!/usr/bin/env bash
# Build the local test image tessera-ferretdb:1.24.2 (FerretDB on its SQLite backend),
# without any container registry: FerretDB is compiled from its Go module source and the
# static binary is imported as a one-file root filesystem.
#
# Idempotent: does nothing if the image exists (FORCE=1 rebuilds it); the compiled binary
# is cached under $CACHE_DIR so a rebuilt image costs seconds. Needs a running docker
# engine (see start-dockerd.sh) and Go >= 1.24 (go on PATH or /usr/local/go/bin/go).
set -euo pipefail

FERRETDB_VERSION=v1.24.2
IMAGE="${TESSERA_FERRETDB_IMAGE:-tessera-ferretdb:1.24.2}"
CACHE_DIR="${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/tessera/ferretdb-${FERRETDB_VERSION}"
BIN="$CACHE_DIR/ferretdb"

log() { echo "[ferretdb-image] $*"; }

if ! docker info >/dev/null 2>&1; then
  echo "[ferretdb-image] docker engine not reachable; run start-dockerd.sh first" >&2
  exit 1
fi

if [ "${FORCE:-0}" != 1 ] && docker image inspect "$IMAGE" >/dev/null 2>&1; then
  log "image $IMAGE already present; nothing to do"
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# A cached binary is reused only if it reports the expected version.
if [ -x "$BIN" ] && "$BIN" --version 2>/dev/null | grep -qx "version: $FERRETDB_VERSION"; then
  log "using cached binary $BIN"
else
  GO="$(command -v go || echo /usr/local/go/bin/go)"
  [ -x "$GO" ] || { echo "[ferretdb-image] Go >= 1.24 is required" >&2; exit 1; }
  start=$SECONDS

  log "fetching FerretDB $FERRETDB_VERSION module source"
  # Run outside any module so the download is not tied to the caller's go.mod.
  moddir="$(cd "$work" && "$GO" mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [ -d "$moddir" ] || { echo "[ferretdb-image] module download failed" >&2; exit 1; }

  # The module cache is read-only, and FerretDB panics at start unless
  # build/version/version.txt (normally made from git by its task runner) is embedded,
  # so build from a writable copy with that file written by hand.
  cp -r "$moddir" "$work/src"
  chmod -R u+w "$work/src"
  echo "$FERRETDB_VERSION" >"$work/src/build/version/version.txt"
  echo "tessera-local" >"$work/src/build/version/package.txt"

  # No build tags needed: the SQLite backend (pure-Go modernc.org/sqlite) is on by
  # default (only ferretdb_no_sqlite turns it off); without ferretdb_debug this is a
  # release-style build. CGO off gives a static binary that runs in an empty image.
  log "compiling (first build: about a minute, downloads included)"
  (cd "$work/src" && CGO_ENABLED=0 "$GO" build -trimpath -buildvcs=false -ldflags='-s -w' \
    -o "$work/ferretdb" ./cmd/ferretdb)
  "$work/ferretdb" --version | grep -qx "version: $FERRETDB_VERSION"

  mkdir -p "$CACHE_DIR"
  mv -f "$work/ferretdb" "$BIN"
  log "built $BIN ($(du -h "$BIN" | cut -f1)) in $((SECONDS - start))s"
fi

# Root filesystem: the binary plus writable /state (SQLite files, state.json) and /tmp.
rootfs="$work/rootfs"
mkdir -p "$rootfs/state" "$rootfs/tmp"
chmod 1777 "$rootfs/state" "$rootfs/tmp"
cp "$BIN" "$rootfs/ferretdb"

# Defaults baked into the image; the listen address is meant to be overridden per run
# (-e FERRETDB_LISTEN_ADDR=127.0.0.1:PORT) since containers share the host network.
#  - telemetry disabled twice over (flag and DO_NOT_TRACK): no outgoing traffic at all;
#  - debug HTTP listener off ("-"), else parallel containers fight over 127.0.0.1:8088;
#  - runs as nobody; /state is world-writable so a tmpfs or fresh layer both work;
#  - label org.tessera.test=true is inherited by every container, so stop-dockerd.sh
#    can find and remove leftovers even if a test forgot to label its container.
log "importing image $IMAGE"
old_id="$(docker image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null || true)"
tar -C "$rootfs" --numeric-owner -c . | docker import \
  --change 'ENTRYPOINT ["/ferretdb"]' \
  --change 'WORKDIR /state' \
  --change 'USER 65534:65534' \
  --change 'ENV FERRETDB_HANDLER=sqlite' \
  --change 'ENV FERRETDB_SQLITE_URL=file:/state/' \
  --change 'ENV FERRETDB_STATE_DIR=/state' \
  --change 'ENV FERRETDB_LISTEN_ADDR=127.0.0.1:27017' \
  --change 'ENV FERRETDB_TELEMETRY=disable' \
  --change 'ENV DO_NOT_TRACK=1' \
  --change 'ENV FERRETDB_DEBUG_ADDR=-' \
  --change 'LABEL org.tessera.test=true' \
  --change "LABEL org.tessera.ferretdb.version=$FERRETDB_VERSION" \
  - "$IMAGE" >/dev/null
# With FORCE=1 the previous image is now untagged; drop it unless a container uses it.
if [ -n "$old_id" ]; then docker rmi "$old_id" >/dev/null 2>&1 || true; fi

log "image $IMAGE ready ($(docker image inspect -f '{{.Size}}' "$IMAGE") bytes)"
