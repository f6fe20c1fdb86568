#!/usr/bin/env bash
# Runs the browser tests against the server binary given as $1. Without
# Chromium they are skipped loudly, unless CI=true, where that is a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
server=$1

chrome=${CHROME_PATH:-}
for name in chromium chromium-browser google-chrome headless_shell; do
  [ -n "$chrome" ] && break
  chrome=$(command -v "$name" || true)
done
if [ -z "$chrome" ]; then
  if [ "${CI:-}" = "true" ]; then
    echo "FAIL: the browser tests need Chromium and CI=true forbids skipping them (apt-get install -y chromium)." >&2
    exit 1
  fi
  bar=$(printf '!%.0s' $(seq 1 78))
  printf '%s\n!!! BROWSER TESTS SKIPPED: Chromium was not found.\n!!! Install it (Debian: apt-get install -y chromium) or set CHROME_PATH.\n%s\n' "$bar" "$bar" >&2
  exit 0
fi
KAFKALAB_SERVER="$PWD/$server" CHROME_PATH="$chrome" go test -tags e2e -count=1 ./e2e/
