#!/usr/bin/env bash
# Data cases for the loader: every tests/scenarios/bad/NAME.json must make
# `leftsr check` exit 1 and print exactly NAME.expected (stdout and stderr);
# every tests/scenarios/good/*.json must exit 0.
# Needs $LEFTSR (the binary) and $SRC (the source tree), as CTest sets them.
set -u
: "${LEFTSR:?set LEFTSR to the leftsr binary}"
: "${SRC:?set SRC to the source tree}"
cd "$SRC" || exit 2

passed=0
failed=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT

for json in tests/scenarios/bad/*.json; do
  name=${json%.json}
  "$LEFTSR" check "$json" >"$out" 2>&1
  rc=$?
  if [ ! -f "$name.expected" ]; then
    echo "FAIL $json: no $name.expected"
    failed=$((failed + 1))
  elif [ "$rc" -ne 1 ]; then
    echo "FAIL $json: exit code $rc, expected 1"
    cat "$out"
    failed=$((failed + 1))
  elif ! diff -u "$name.expected" "$out"; then
    echo "FAIL $json: diagnostics differ (diff above: - expected, + actual)"
    failed=$((failed + 1))
  else
    passed=$((passed + 1))
  fi
done

for json in tests/scenarios/good/*.json; do
  "$LEFTSR" check "$json" >"$out" 2>&1
  rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "FAIL $json: exit code $rc, expected 0"
    cat "$out"
    failed=$((failed + 1))
  else
    passed=$((passed + 1))
  fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
