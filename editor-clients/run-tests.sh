#!/usr/bin/env bash
# Editor-client tests against the real server jar. Every editor is REQUIRED: a missing editor or tool is a
# failure, never a skip (install them with editor-clients/ci-install.sh).
#   1. vscode-build: the VS Code extension's settings match docs/settings.schema.json, ESLint, tsc
#   2. nvim:   Neovim headless (tests/nvim/test_codeloop.lua)
#   3. emacs:  Emacs + eglot in --batch (tests/emacs/test-codeloop.el)
#   4. node:   Node protocol client, node:test (tests/node: inline completion, TCP with two clients,
#              the extension's pure modules)
#   5. vscode: real VS Code (code-server) in headless Chromium (tests/vscode/run.sh): ghost text, a code
#              action applied, a command that edits a file, status bar, settings
# Each suite runs under `timeout`. The jar is $CODELOOP_JAR (default server/target/codeloop.jar, relative
# to the repo root). Prints per-suite results and a final `N passed, N failed` line; exits non-zero on any
# failure. CODELOOP_EDITOR_SUITES="nvim emacs" runs only those suites (for local work; CI runs all).
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
cd "$ROOT"

jar=${CODELOOP_JAR:-server/target/codeloop.jar}
case "$jar" in /*) ;; *) jar="$ROOT/$jar" ;; esac
export CODELOOP_JAR="$jar"
SUITE_TIMEOUT=${SUITE_TIMEOUT:-180}
SUITES=${CODELOOP_EDITOR_SUITES:-vscode-build nvim emacs node vscode}

# the server's user config and caches go to a throw-away folder, not the machine's home
scratch=$(mktemp -d "${TMPDIR:-/tmp}/codeloop-editor-tests.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
export XDG_CONFIG_HOME="$scratch/config" XDG_CACHE_HOME="$scratch/cache" XDG_STATE_HOME="$scratch/state"
# The suites expect no model for chat/plan (the server answers not_configured): no API keys from the caller.
unset ANTHROPIC_API_KEY OPENAI_API_KEY GEMINI_API_KEY

passed=0 failed=0
summary=()

# record NAME PASSED FAILED SECONDS
record() {
  passed=$((passed + $2)) failed=$((failed + $3))
  summary+=("$(printf '%-13s %3d passed, %3d failed  (%ss)' "$1" "$2" "$3" "$4")")
}

# require NAME COMMAND: a missing tool fails the suite NAME (nothing is skipped)
require() {
  if ! command -v "$2" >/dev/null 2>&1; then
    echo "!! $1: $2 is not installed (editor-clients/ci-install.sh installs it); the suite FAILS"
    record "$1" 0 1 0
    return 1
  fi
}

# suite NAME COMMAND...: runs it under timeout, reads its `N passed, N failed` line.
suite() {
  local name=$1; shift
  local log="$scratch/$name.log" start=$SECONDS rc
  echo "== $name: $*"
  # each suite is a fresh user: its own config and cache, so one suite's trusted workspaces and persisted
  # embedded model (which keeps the previous suite's edited buffers) do not change the next suite
  # The suites copy the fixture just before they start; the embedded model otherwise learns a saved
  # file only once it stayed untouched for embedded.stableAfterMs (10 s): this user lets it learn at once.
  mkdir -p "$scratch/config-$name/codeloop"
  [ -f "$scratch/config-$name/codeloop/config.json" ] ||
    echo '{"embedded": {"stableAfterMs": 0}}' > "$scratch/config-$name/codeloop/config.json"
  XDG_CONFIG_HOME="$scratch/config-$name" XDG_CACHE_HOME="$scratch/cache-$name" \
    timeout "$SUITE_TIMEOUT" "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  local line p f
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
  if [ -z "$line" ]; then
    echo "!! $name printed no summary (exit $rc$([ "$rc" = 124 ] && echo ', timed out after '"$SUITE_TIMEOUT"'s'))"
    p=0 f=1
  else
    p=$(echo "$line" | cut -d' ' -f1)
    f=$(echo "$line" | cut -d' ' -f3)
    if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
      echo "!! $name exited with $rc although it reported no failure"
      f=1
    fi
  fi
  record "$name" "$p" "$f" $((SECONDS - start))
}

wanted() { case " $SUITES " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

if [ ! -f "$jar" ]; then
  echo "!! server jar not found: $jar (build it: ./mvnw -B -q -pl server package -DskipTests)"
  record jar 0 1 0
else
  if wanted vscode-build && require vscode-build npm; then
    start=$SECONDS
    echo "== vscode-build: settings check, ESLint, tsc (editor-clients/vscode)"
    ( cd "$HERE/vscode" && { [ -d node_modules ] || timeout 300 npm ci --no-audit --no-fund --silent; } \
      && timeout "$SUITE_TIMEOUT" npm run --silent check-settings && timeout "$SUITE_TIMEOUT" npx eslint . \
      && timeout "$SUITE_TIMEOUT" npx tsc -p . )
    if [ $? = 0 ]; then record vscode-build 1 0 $((SECONDS - start)); else record vscode-build 0 1 $((SECONDS - start)); fi
  fi

  if wanted nvim && require nvim nvim; then
    suite nvim nvim --headless -u NONE -i NONE -n -c "luafile $HERE/tests/nvim/test_codeloop.lua"
  fi

  if wanted emacs && require emacs emacs; then
    suite emacs emacs --batch -Q -l "$HERE/tests/emacs/test-codeloop.el"
  fi

  if wanted node && require node node && require node npm; then
    ( cd "$HERE/tests/node" && { [ -d node_modules ] || timeout 300 npm ci --no-audit --no-fund --silent; } )
    # the extension's pure modules are tested from its compiled output
    ( cd "$HERE/vscode" && { [ -d node_modules ] || timeout 300 npm ci --no-audit --no-fund --silent; } && npx tsc -p . )
    suite node bash -c "cd '$HERE/tests/node' && npm test --silent"
  fi

  if wanted vscode && require vscode chromium && require vscode curl; then
    SUITE_TIMEOUT=${VSCODE_SUITE_TIMEOUT:-600} suite vscode bash "$HERE/tests/vscode/run.sh" "$scratch/vscode-e2e"
  fi
fi

echo "== editor-client tests summary"
printf '%s\n' "${summary[@]}"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
