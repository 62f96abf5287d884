#!/usr/bin/env bash
# The browser build played in headless Chromium (tests/web/test_web.py),
# when `make web` has built it; otherwise a visible skip (exit 77).
set -u
: "${SRC:?}"
site=${LSR_WEB_SITE:-$SRC/build-web/site}
if [ "${LSR_SANITIZED:-0}" = 1 ]; then
  echo "SKIP: sanitizer build; the browser test runs once, in the plain build"
  exit 77
fi
if [ ! -f "$site/leftsr.wasm" ]; then
  echo "SKIP: no browser build in $site (make web, or make test-web to build and run it)"
  exit 77
fi
exec python3 "$SRC/tests/web/test_web.py" "$site" "$SRC"
