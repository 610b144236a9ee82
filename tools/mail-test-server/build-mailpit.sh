#!/usr/bin/env bash
# Builds Mailpit (an open-source SMTP server with an HTTP API) from the Go module proxy into
# $CACHE_DIR, for the mail suites. Idempotent: a cached binary of the right version is kept.
# Prints the binary's path on its last line.
set -euo pipefail

VERSION=v1.33.1
CACHE_DIR="${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/tessera/mailpit-$VERSION"
BIN="$CACHE_DIR/mailpit"

if [ -x "$BIN" ] && "$BIN" version --no-release-check 2>/dev/null | grep -q "$VERSION"; then
  echo "[mailpit] using cached $BIN" >&2
else
  GO="$(command -v go || echo /usr/local/go/bin/go)"
  [ -x "$GO" ] || { echo "[mailpit] Go is required to build Mailpit" >&2; exit 1; }
  echo "[mailpit] building Mailpit $VERSION (first time: a minute or two)" >&2
  mkdir -p "$CACHE_DIR"
  GOBIN="$CACHE_DIR" GOFLAGS=-trimpath "$GO" install "github.com/axllent/mailpit@$VERSION" >&2
fi
echo "$BIN"
