#!/usr/bin/env bash
# Checks for Go and Node.js (installing Node.js from Debian when missing and root),
# and, with --chromium, for Debian's Chromium used by the browser tests.
set -euo pipefail
need_chromium=false
[ "${1:-}" = "--chromium" ] && need_chromium=true

apt_install() {
  if [ "$(id -u)" != 0 ]; then
    echo "Missing $*: install it (Debian/Ubuntu: sudo apt-get install $*)." >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  if [ ! -f /tmp/.sembang-apt-updated ]; then apt-get update -qq && touch /tmp/.sembang-apt-updated; fi
  apt-get install -y -qq "$@" >/dev/null
}

if ! command -v go >/dev/null 2>&1; then
  if [ -x /usr/local/go/bin/go ]; then
    echo "Go is at /usr/local/go/bin but not on PATH: export PATH=\$PATH:/usr/local/go/bin" >&2
  else
    echo "Go 1.26 or newer is required: https://go.dev/doc/install" >&2
  fi
  exit 1
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  apt_install nodejs npm
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "Node.js 20 or newer is required to build the web app (found $(node --version))." >&2
  exit 1
fi
if $need_chromium && ! command -v chromium >/dev/null 2>&1; then
  echo "Installing Chromium from Debian's packages for the browser tests..."
  apt_install chromium fonts-noto-core fonts-noto-cjk
fi
