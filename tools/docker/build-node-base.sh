#!/usr/bin/env bash
# Builds the image the app image starts from, tessera-node:20-bookworm, without any registry of
# images: Debian bookworm's minimal system (debootstrap, from this machine's own apt source) with
# this machine's Node.js and npm copied in, and a user "node" (uid 1000) as in the official images.
#
# Idempotent: does nothing if the image exists (FORCE=1 rebuilds it). The Debian system is cached
# as a tarball under $CACHE_DIR, so a rebuilt image costs seconds. Needs root, a running docker
# engine (tools/mongo-test-server/start-dockerd.sh) and debootstrap (installed from apt if missing).
set -euo pipefail

IMAGE="${TESSERA_NODE_IMAGE:-tessera-node:20-bookworm}"
CACHE_DIR="${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/tessera"
SYSTEM="$CACHE_DIR/debian-bookworm-minbase.tar"

log() { echo "[node-image] $*"; }

if [ "${FORCE:-0}" != 1 ] && docker image inspect "$IMAGE" >/dev/null 2>&1; then
  log "image $IMAGE already present; nothing to do"
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
mkdir -p "$rootfs" "$CACHE_DIR"

if [ ! -s "$SYSTEM" ]; then
  command -v debootstrap >/dev/null 2>&1 || {
    log "installing debootstrap from apt"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  }
  # The mirror this machine's apt already uses: nothing else is reachable.
  mirror="$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v security | head -n1)"
  [ -n "$mirror" ] || mirror="$(awk '$1 == "deb" && $3 == "bookworm" { print $2; exit }' /etc/apt/sources.list 2>/dev/null)"
  [ -n "$mirror" ] || { echo "[node-image] no Debian mirror found in this machine's apt sources" >&2; exit 1; }
  log "building Debian bookworm's minimal system (first time: a few minutes)"
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 || {
    tail -n 20 "$work/debootstrap.log" >&2
    exit 1
  }
  rm -rf "$rootfs/var/cache/apt/archives"/*.deb "$rootfs/var/lib/apt/lists"/*
  tar -C "$rootfs" --numeric-owner -cf "$SYSTEM.partial" . && mv "$SYSTEM.partial" "$SYSTEM"
else
  log "using the cached Debian system $SYSTEM"
  tar -C "$rootfs" --numeric-owner -xf "$SYSTEM"
fi

node_bin="$(readlink -f "$(command -v node)")"
npm_dir="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")"
log "adding Node.js $("$node_bin" --version) and npm $(npm --version)"
install -D -m 0755 "$node_bin" "$rootfs/usr/local/bin/node"
mkdir -p "$rootfs/usr/local/lib/node_modules"
cp -r "$npm_dir" "$rootfs/usr/local/lib/node_modules/npm"
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
if ! grep -q '^node:' "$rootfs/etc/passwd"; then
  echo 'node:x:1000:1000::/home/node:/bin/sh' >>"$rootfs/etc/passwd"
  echo 'node:x:1000:' >>"$rootfs/etc/group"
  echo 'node:!:19000::::::' >>"$rootfs/etc/shadow"
  install -d -o 1000 -g 1000 "$rootfs/home/node"
fi

# The certificate authorities this machine trusts, so that npm inside a build reaches the registry
# the way it does here (through whatever TLS-inspecting proxy the machine's network has).
install -D -m 0644 "${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}" "$rootfs/etc/ssl/certs/ca-certificates.crt"

log "importing image $IMAGE"
tar -C "$rootfs" --numeric-owner -c . | docker import \
  --change 'ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
  --change 'CMD ["node"]' \
  --change 'LABEL org.tessera.base=true' \
  - "$IMAGE" >/dev/null
log "image $IMAGE ready"
