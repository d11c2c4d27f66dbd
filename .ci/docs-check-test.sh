#!/usr/bin/env bash
# Tests of the docs check (.ci/DocsCheck.java) on small fixture repositories in a temporary folder:
# a clean one passes and runs its runnable block; a broken one reports every kind of problem; a block
# past its time limit is reported and its processes are gone. About 10 s; run by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
CHECK="$PWD/.ci/DocsCheck.java"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failures=0

fail() { echo "docs-check-test: FAIL: $*"; failures=$((failures + 1)); }

# A fixture repository: the schema and CONFIGURATION.md agree on log.level and models.<name>.provider.
fixture() {
  local dir=$1
  mkdir -p "$dir/docs" "$dir/tools"
  cat > "$dir/docs/settings.schema.json" <<'EOF'
{ "type": "object", "properties": {
    "$schema": { "type": "string" },
    "log": { "type": "object", "properties": { "level": { "enum": ["info"] } } },
    "models": { "type": "object", "additionalProperties": { "type": "object",
       "properties": { "provider": { "type": "string" } } } },
    "hedging": { "type": "object", "properties": { "delayMs": { "type": "integer" } } },
    "routes": { "type": "object", "additionalProperties": { "type": "array" } }
} }
EOF
  cat > "$dir/docs/CONFIGURATION.md" <<'EOF'
# Configuration

| setting | default | meaning |
|---|---|---|
| `log.level` | `info` | what is logged |
| `hedging` | off | start the next model after `delayMs` |

### `models.<name>`

| key | meaning |
|---|---|
| `provider` | who serves it |

### `routes`

Task → models.
EOF
  echo 'echo tool' > "$dir/tools/run.sh"
  touch "$dir/mvnw"
}

expect_output() { # name, file of output, fixed string expected
  grep -qF -- "$3" "$2" || fail "$1: expected \"$3\" in the output:"$'\n'"$(cat "$2")"
}

# 1. A clean repository passes, and its runnable block runs from the repository root.
good="$TMP/good"
fixture "$good"
cat > "$good/README.md" <<'EOF'
# Good

See [configuration](docs/CONFIGURATION.md#configuration) and [models](docs/CONFIGURATION.md#modelsname).

```sh runnable timeout=60
bash tools/run.sh > ran.txt
```

```sh example: an editor
nvim --headless -c 'luafile tools/run.sh'
```

```sh not-run: a benchmark
./mvnw -B -q verify && ls server/target/codeloop.jar
```
EOF
if java "$CHECK" --root "$good" > "$TMP/good.out" 2>&1; then
  expect_output "clean repository" "$TMP/good.out" "all good"
  [ -f "$good/ran.txt" ] || fail "clean repository: the runnable block did not run from the root"
else
  fail "clean repository: the check failed:"$'\n'"$(cat "$TMP/good.out")"
fi

# 2. A broken repository: every kind of problem is reported, with file and line, and exit status 1.
bad="$TMP/bad"
fixture "$bad"
cat >> "$bad/docs/CONFIGURATION.md" <<'EOF'

| setting | default | meaning |
|---|---|---|
| `log.colour` | `no` | not in the schema |

A mention in prose, `hedging.delayMs`, describes nothing.
EOF
sed -i 's/| `hedging` | off | start the next model after `delayMs` |/| `hedging` | off | start the next model |/' "$bad/docs/CONFIGURATION.md"
cat > "$bad/README.md" <<'EOF'
# Bad

[gone](docs/NOPE.md), [no heading](docs/CONFIGURATION.md#nope), [out](../outside.md), [abs](/etc/passwd)

```sh
echo no marker
```

```sh example:
echo says nothing
```

```
mvn -B verify
```

```sh not-run: paths
cd /home/someone/codeloop
ls tools/missing.sh ../elsewhere
```

```sh runnable
exit 3
```

Inline, too: `mvn -q test`.
EOF
if java "$CHECK" --root "$bad" > "$TMP/bad.out" 2>&1; then
  fail "broken repository: the check passed:"$'\n'"$(cat "$TMP/bad.out")"
fi
for expected in \
  "README.md:3: broken link docs/NOPE.md" \
  "README.md:3: broken link docs/CONFIGURATION.md#nope (no heading #nope" \
  "README.md:3: link ../outside.md points outside the repository" \
  "README.md:3: link /etc/passwd is absolute" \
  "README.md:26: \`mvn -q test\`: write ./mvnw" \
  "README.md:5: a \`\`\`sh block needs a marker" \
  "README.md:9: \`example:\` must say what the example needs" \
  "README.md:13: a fence of shell commands without a language needs a marker" \
  "README.md:14: \`mvn\` runs whatever Maven" \
  "README.md:18: \`cd /home/someone/codeloop\` leaves the repository" \
  "README.md:19: no such file in the repository: tools/missing.sh" \
  "README.md:19: path ../elsewhere leaves the repository" \
  "docs/CONFIGURATION.md:20: setting log.colour is not in docs/settings.schema.json" \
  "setting hedging.delayMs is not described in docs/CONFIGURATION.md"; do
  expect_output "broken repository" "$TMP/bad.out" "$expected"
done
# Runnable blocks run only when nothing else is wrong: exit 3 is not reported yet.
grep -qF "exit status 3" "$TMP/bad.out" && fail "broken repository: a block ran despite the problems"

# 3. A failing block and a block past its limit: reported, and the block's processes are gone.
slow="$TMP/slow"
fixture "$slow"
cat > "$slow/README.md" <<'EOF'
# Slow

```sh runnable
echo failing on purpose; exit 3
```

```sh runnable timeout=1
sleep 41.25 & sleep 41.25
```
EOF
if java "$CHECK" --root "$slow" > "$TMP/slow.out" 2>&1; then
  fail "slow repository: the check passed:"$'\n'"$(cat "$TMP/slow.out")"
fi
expect_output "failing block" "$TMP/slow.out" "README.md:3: the runnable block failed with exit status 3"
expect_output "failing block" "$TMP/slow.out" "| failing on purpose"
expect_output "slow block" "$TMP/slow.out" "README.md:7: the runnable block did not finish within 1 s (killed)"
sleep 0.5
if pgrep -f "sleep 41.25" > /dev/null; then
  fail "slow block: its processes outlived the time limit"
fi

if [ "$failures" -gt 0 ]; then
  echo "docs-check-test: $failures failure(s)"
  exit 1
fi
echo "docs-check-test: all passed"
