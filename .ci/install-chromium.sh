#!/usr/bin/env bash
# Install Debian's chromium for the browser tests of the HTML view (tests marked `browser`).
# Playwright drives this binary; it cannot download its own browser here. Idempotent and quiet:
# does nothing when /usr/bin/chromium already exists.
#   CHROMIUM  path checked (default: /usr/bin/chromium)
set -euo pipefail

chromium="${CHROMIUM:-/usr/bin/chromium}"

if [[ -x "$chromium" ]]; then
    echo "chromium already installed: $chromium"
    exit 0
fi

sudo=""
if [[ "$(id -u)" != "0" ]]; then
    if command -v sudo >/dev/null 2>&1; then
        sudo="sudo"
    else
        echo "error: chromium is missing and installing it needs root (run as root or install sudo)" >&2
        exit 1
    fi
fi

export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null
$sudo apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null

if [[ ! -x "$chromium" ]]; then
    echo "error: the chromium package installed but $chromium is missing" >&2
    exit 1
fi
echo "chromium installed: $chromium"
