#!/usr/bin/env bash
# Editor-client tests against the real server jar:
#   1. builds the VS Code client (npx tsc -p editor-clients/vscode)
#   2. Neovim headless (tests/nvim/test_codeloop.lua)
#   3. Emacs + eglot in --batch (tests/emacs/test-codeloop.el)
#   4. Node protocol client, node:test (tests/node: inline completion, TCP with two clients)
# Each suite runs under `timeout`. The jar is $CODELOOP_JAR (default server/target/codeloop.jar,
# relative to the repo root). Prints per-suite results and a final `N passed, N failed` line;
# exits non-zero on any failure. A missing editor skips its suite (reported as skipped, never passed).
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
cd "$ROOT"

jar=${CODELOOP_JAR:-server/target/codeloop.jar}
case "$jar" in /*) ;; *) jar="$ROOT/$jar" ;; esac
export CODELOOP_JAR="$jar"
SUITE_TIMEOUT=${SUITE_TIMEOUT:-120}

# the server's user config and caches go to a throw-away folder, not the machine's home
scratch=$(mktemp -d "${TMPDIR:-/tmp}/codeloop-editor-tests.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
export XDG_CONFIG_HOME="$scratch/config" XDG_CACHE_HOME="$scratch/cache"
# The suites expect no model for chat/plan (the server answers not_configured): no API keys from the caller.
unset ANTHROPIC_API_KEY OPENAI_API_KEY GEMINI_API_KEY

passed=0 failed=0 skipped=0
summary=()

# record NAME PASSED FAILED SKIPPED SECONDS
record() {
  passed=$((passed + $2)) failed=$((failed + $3)) skipped=$((skipped + $4))
  summary+=("$(printf '%-8s %3d passed, %3d failed, %3d skipped  (%ss)' "$1" "$2" "$3" "$4" "$5")")
}

# suite NAME COMMAND...: runs it under timeout, reads its `N passed, N failed` / `N skipped` lines.
suite() {
  local name=$1; shift
  local log="$scratch/$name.log" start=$SECONDS rc
  echo "== $name: $*"
  # each suite is a fresh user: its own cache, so one suite's persisted embedded model (which keeps the
  # previous suite's edited buffers) does not change what the next suite's server suggests
  XDG_CACHE_HOME="$scratch/cache-$name" timeout "$SUITE_TIMEOUT" "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  local line p f s
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
  s=$(grep -E '^[0-9]+ skipped$' "$log" | tail -1 | cut -d' ' -f1)
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
  record "$name" "$p" "$f" "${s:-0}" $((SECONDS - start))
}

skip_suite() {
  echo "== $1: SKIPPED: $2"
  record "$1" 0 0 1 0
}

if [ ! -f "$jar" ]; then
  echo "!! server jar not found: $jar (build it: ./mvnw -B -q -pl server package -DskipTests)"
  record jar 0 1 0 0
else
  # 1. VS Code client compiles
  start=$SECONDS
  echo "== vscode: npx tsc -p editor-clients/vscode"
  if ! command -v npm >/dev/null 2>&1; then
    skip_suite vscode "npm not installed"
  else
    ( cd "$HERE/vscode" && { [ -d node_modules ] || timeout 300 npm ci --no-audit --no-fund --silent; } && timeout "$SUITE_TIMEOUT" npx tsc -p . )
    if [ $? = 0 ]; then record vscode 1 0 0 $((SECONDS - start)); else record vscode 0 1 0 $((SECONDS - start)); fi
  fi

  # 2. Neovim
  if command -v nvim >/dev/null 2>&1; then
    suite nvim nvim --headless -u NONE -i NONE -n -c "luafile $HERE/tests/nvim/test_codeloop.lua"
  else
    skip_suite nvim "nvim not installed (editor-clients/ci-install.sh)"
  fi

  # 3. Emacs + eglot
  if command -v emacs >/dev/null 2>&1; then
    suite emacs emacs --batch -Q -l "$HERE/tests/emacs/test-codeloop.el"
  else
    skip_suite emacs "emacs not installed (editor-clients/ci-install.sh)"
  fi

  # 4. Node protocol client
  if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
    ( cd "$HERE/tests/node" && { [ -d node_modules ] || timeout 300 npm ci --no-audit --no-fund --silent; } )
    suite node bash -c "cd '$HERE/tests/node' && npm test --silent"
  else
    skip_suite node "node/npm not installed"
  fi
fi

echo "== editor-client tests summary"
printf '%s\n' "${summary[@]}"
echo "$skipped skipped"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
