#!/usr/bin/env bash
# Fails when the committed *_templ.go files are not what `templ generate` makes
# from the .templ sources (stale, hand-edited or missing). Works without git.
set -euo pipefail
cd "$(dirname "$0")/.."

snapshot() {
  find . -name '*_templ.go' -not -path './.git/*' -print0 | sort -z | xargs -0 -r sha256sum
}
before=$(snapshot)
go tool templ generate >/dev/null
after=$(snapshot)
if [ "$before" != "$after" ]; then
  echo "FAIL: templ's generated files were stale; 'go tool templ generate' changed:" >&2
  diff <(echo "$before") <(echo "$after") >&2 || true
  echo "Commit the regenerated *_templ.go files (make generate)." >&2
  exit 1
fi
echo "templ: generated files are fresh"
