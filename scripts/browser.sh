#!/usr/bin/env bash
# Installs Chromium from the distribution's packages when missing: the HTML report's browser tests drive it
# with playwright-core (tests/browser/), which downloads no browser. Debian names the package `chromium`.
# Idempotent and quick when present. Prints the browser's path; CHROMIUM, when set, names it instead.
set -euo pipefail
if [ -n "${CHROMIUM:-}" ] && [ -x "$CHROMIUM" ]; then echo "$CHROMIUM"; exit 0; fi
for name in chromium chromium-browser; do
  if command -v "$name" >/dev/null 2>&1; then command -v "$name"; exit 0; fi
done
if ! command -v apt-get >/dev/null 2>&1; then
  echo "browser: no chromium found and no apt-get to install it: install Chromium, or set CHROMIUM to its path" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "browser: installing chromium needs root (apt-get install chromium): run as root, or install it and set CHROMIUM" >&2
    exit 1
  fi
fi
echo "browser: installing chromium from the distribution's packages (apt-get install chromium)" >&2
$sudo apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >&2
command -v chromium
