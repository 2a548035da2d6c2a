#!/usr/bin/env sh
# Install what the browser tests need: Debian's Chromium and axe-core from the npm registry.
# Browsers are never downloaded by a test tool (there is no network beyond package registries).
set -e
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Chromium from Debian's packages..."
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is not installed and cannot be installed here (needs root and apt-get)."
    echo "The browser tests will be skipped with that reason."
  fi
fi

if command -v npm >/dev/null 2>&1; then
  if [ ! -f node_modules/axe-core/axe.min.js ]; then
    echo "Installing axe-core from the npm registry..."
    npm ci --silent --no-audit --no-fund >/dev/null 2>&1 || npm install --silent --no-audit --no-fund >/dev/null
  fi
else
  echo "npm is not installed: the accessibility checks will be skipped with that reason."
fi
