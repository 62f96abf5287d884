#!/usr/bin/env bash
# Runs ctest in a build folder, then names every skipped test with the
# reason it gave (its "SKIP: ..." line), since ctest's own summary says only
# "(Skipped)". Exit status is ctest's.
#   bash tests/ctest.sh BUILD_DIR [ctest arguments...]
set -uo pipefail
build=$1; shift
out=$(mktemp); trap 'rm -f "$out"' EXIT
(cd "$build" && ctest "$@") | tee "$out"
rc=${PIPESTATUS[0]}
log="$build/Testing/Temporary/LastTest.log"
skipped=$(sed -n 's/^[[:space:]]*[0-9]* - \(.*\) (Skipped)$/\1/p' "$out")
if [ -n "$skipped" ] && [ -f "$log" ]; then
  echo "Skipped tests and why:"
  while IFS= read -r name; do
    reason=$(awk -v t="$name" '
      $0 ~ "^[0-9]+/[0-9]+ Test: " { cur = substr($0, index($0, "Test: ") + 6) }
      cur == t && /^SKIP: / { sub(/^SKIP: /, ""); print; exit }' "$log")
    echo "  $name: skipped: ${reason:-gave no reason}"
  done <<< "$skipped"
fi
exit "$rc"
