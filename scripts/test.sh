#!/usr/bin/env bash
# Runs every test of the studio: type check, unit tests (Vitest), browser tests
# (Playwright driving Debian's Chromium). Installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d ../shared/models ] && [ -z "${STUDIO_SHARED_DIR:-}" ]; then
  echo "test.sh: the fixtures folder ../shared (models, photos, video) is missing beside the repository" >&2
  exit 1
fi

if [ ! -x node_modules/.bin/vitest ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

if ! command -v "${CHROMIUM_PATH:-/usr/bin/chromium}" >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "test.sh: installing Debian's chromium for the browser tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "test.sh: install Chromium first: sudo apt-get install chromium" >&2
    exit 1
  fi
fi

npx tsc --noEmit -p tsconfig.json
npx vitest run
npx playwright test
