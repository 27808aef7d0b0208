#!/usr/bin/env bash
# Installs the Azure Storage emulator the tests start (npm azurite, pinned) into a per-user folder, once, without
# sudo or a global npm install, and prints the path of its executable. AZURITE_HOME overrides the folder.
set -euo pipefail

version=3.37.0
home="${AZURITE_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/emailtriage/azurite-$version}"
bin="$home/node_modules/.bin/azurite"

installed() {
  [ -x "$bin" ] && grep -q "\"version\": \"$version\"" "$home/node_modules/azurite/package.json" 2>/dev/null
}

if ! installed; then
  command -v npm >/dev/null || { echo "npm is needed to install Azurite $version (install Node.js 20 or later)" >&2; exit 1; }
  # Into a fresh folder first, moved into place when complete, so an interrupted install is never taken for a good one.
  staging="$home.tmp.$$"
  rm -rf "$staging"
  mkdir -p "$staging"
  trap 'rm -rf "$staging"' EXIT
  echo "Installing Azurite $version into $home" >&2
  npm install --prefix "$staging" --no-audit --no-fund --loglevel=error "azurite@$version" >&2
  rm -rf "$home"
  mv "$staging" "$home"
  trap - EXIT
fi

installed || { echo "Azurite $version is not at $bin after installing" >&2; exit 1; }
echo "$bin"
