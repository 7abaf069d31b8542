#!/usr/bin/env bash
# Does what a newcomer does on a fresh machine, and reports how it went:
#   git clone of this repository's committed HEAD (or --ref REV) into an empty temporary folder,
#   with an empty HOME (so no npm cache, no ~/.npmrc, no VS Code runtime cache) and nothing beside
#   the clone (no ../shared), then the README's commands:
#     npm ci && npm test        twice in a row (the second run proves the first left the clone clean)
#     npm ci && npm run example started, its workbench URL fetched, then stopped
# Prints each command's summary line and duration; exits non-zero when any of them failed.
# Usage: scripts/fresh-clone-test.sh [--ref REV] [--keep] [--no-example]
set -uo pipefail

ref=HEAD
keep=0
example=1
while [ $# -gt 0 ]; do
  case "$1" in
    --ref) ref="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    --no-example) example=0; shift ;;
    *) echo "usage: $0 [--ref REV] [--keep] [--no-example]" >&2; exit 2 ;;
  esac
done

repo="$(cd "$(dirname "$0")/.." && pwd)"
root="$(mktemp -d "${TMPDIR:-/tmp}/ris-fresh-XXXXXX")"
home="$root/home"
clone="$root/clone/ris-references"
mkdir -p "$home" "$root/clone"
log="$root/log"
mkdir -p "$log"
[ "$keep" = 1 ] || trap 'rm -rf "$root"' EXIT

# A clean environment: no variables that point at caches, corpora or runtimes of this machine.
run_clean() {
  env -i PATH="/usr/local/bin:/usr/bin:/bin" HOME="$home" LANG="${LANG:-C.UTF-8}" TERM=dumb \
    ${CI:+CI="$CI"} bash -c "$1"
}

status=0
started=$SECONDS
say() { echo "[fresh-clone] $*"; }
took() { local s=$((SECONDS - $1)); printf '%dm %02ds' $((s / 60)) $((s % 60)); }

say "cloning $repo at $ref into $clone (HOME=$home, nothing beside the clone)"
git clone --quiet --no-local "$repo" "$clone" && git -C "$clone" checkout --quiet "$(git -C "$repo" rev-parse "$ref")" || exit 1
[ ! -e "$root/clone/shared" ] || { say "unexpected: $root/clone/shared exists"; exit 1; }

for run in 1 2; do
  t=$SECONDS
  run_clean "cd '$clone' && npm ci && npm test" > "$log/test-$run.log" 2>&1
  code=$?
  summary="$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log/test-$run.log" | tail -1)"
  say "npm ci && npm test (run $run): exit $code, ${summary:-no summary line}, $(took "$t")"
  grep -E '^\s+(unit|integration|checkout) ' "$log/test-$run.log" | sed 's/^/[fresh-clone]   /'
  grep -E '^\[runtime\]' "$log/test-$run.log" | sed 's/^/[fresh-clone]   /'
  if [ "$code" != 0 ]; then
    status=1
    tail -60 "$log/test-$run.log"
  fi
done
dirty="$(git -C "$clone" status --porcelain --untracked-files=all)"
if [ -n "$dirty" ]; then
  say "the clone is not clean after the tests:"
  echo "$dirty"
  status=1
else
  say "git status: clean after two test runs"
fi

if [ "$example" = 1 ]; then
  t=$SECONDS
  port=$(( 20000 + RANDOM % 20000 ))
  run_clean "cd '$clone' && npm ci >/dev/null 2>&1 && RIS_EXAMPLE_PORT=$port exec npm run example" > "$log/example.log" 2>&1 &
  pid=$!
  url=""
  for _ in $(seq 1 240); do
    url="$(grep -oE 'http://127\.0\.0\.1:[0-9]+/\?[^ ]+' "$log/example.log" | head -1)"
    [ -n "$url" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  if [ -n "$url" ] && curl -fsS -o "$log/workbench.html" "$url" && grep -q 'vscode' "$log/workbench.html"; then
    say "npm ci && npm run example: workbench served at $url after $(took "$t")"
  else
    say "npm ci && npm run example: no workbench URL answered after $(took "$t")"
    tail -40 "$log/example.log"
    status=1
  fi
  pkill -TERM -P "$pid" 2>/dev/null
  kill -TERM "$pid" 2>/dev/null
  # code-server runs in its own process group; stop whatever still listens on the port.
  pkill -TERM -f "bind-addr 127.0.0.1:$port" 2>/dev/null
  wait "$pid" 2>/dev/null
fi

say "done in $(took "$started"): $([ "$status" = 0 ] && echo passed || echo FAILED)$([ "$keep" = 1 ] && echo "; kept $root")"
exit "$status"
