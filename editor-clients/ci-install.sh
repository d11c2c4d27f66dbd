#!/usr/bin/env bash
# Installs what the editor-client tests need on a fresh Debian (bookworm) machine.
# Idempotent and quick: apt runs only for what is missing, `apt-get update` at most once, and
# `npm ci` only when node_modules is older than package-lock.json.
#   Neovim 0.7.2 (neovim), Emacs 28 + eglot 1.9 (emacs-nox elpa-eglot), Node 18+ with npm.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
export DEBIAN_FRONTEND=noninteractive

SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi

missing=()
command -v nvim  >/dev/null 2>&1 || missing+=(neovim)
command -v emacs >/dev/null 2>&1 || missing+=(emacs-nox)
[ -d /usr/share/emacs/site-lisp/elpa/eglot-1.9 ] || ls -d /usr/share/emacs/site-lisp/elpa/eglot-* >/dev/null 2>&1 || missing+=(elpa-eglot)
command -v node  >/dev/null 2>&1 || missing+=(nodejs)
command -v npm   >/dev/null 2>&1 || missing+=(npm)

if [ ${#missing[@]} -gt 0 ]; then
  echo "== ci-install: apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "== ci-install: editors already installed"
fi

# npm ci for the node test client and the VS Code extension, skipped when up to date.
for dir in "$HERE/tests/node" "$HERE/vscode"; do
  [ -f "$dir/package-lock.json" ] || continue
  if [ -d "$dir/node_modules" ] && [ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]; then
    echo "== ci-install: $dir/node_modules up to date"
  else
    echo "== ci-install: npm ci in $dir"
    (cd "$dir" && timeout 300 npm ci --no-audit --no-fund --silent)
  fi
done

nvim --version | head -1
emacs --version | head -1
node --version
