#!/usr/bin/env sh
# nginx for the two-server test (tests/serve/test_two_servers.py), from Debian's packages.
set -e
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing nginx from Debian's packages..."
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null
  else
    echo "nginx is not installed and cannot be installed here (needs root and apt-get): apt-get install nginx-light"
  fi
fi
