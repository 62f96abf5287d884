#!/usr/bin/env bash
# Analysed examples: for every tests/analyze/NAME.json, `leftsr analyze`
# (with the options in NAME.args, if any) must print exactly NAME.expected
# and exit with the status in NAME.rc (default 0).
# UPDATE_EXPECTED=1 rewrites the .expected files (review the diff).
set -u
: "${LEFTSR:?set LEFTSR to the leftsr binary}"
: "${SRC:?set SRC to the source tree}"
cd "$SRC" || exit 2
pass=0; fail=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for json in tests/analyze/*.json; do
  name=${json%.json}
  args=()
  [ -f "$name.args" ] && read -r -a args < "$name.args"
  "$LEFTSR" analyze "$json" "${args[@]}" >"$out" 2>&1
  rc=$?
  want=0
  [ -f "$name.rc" ] && want=$(cat "$name.rc")
  [ "${UPDATE_EXPECTED:-0}" = 1 ] && cp "$out" "$name.expected"
  if [ "$rc" -ne "$want" ]; then
    echo "FAIL $json: exit $rc, expected $want"; cat "$out"; fail=$((fail + 1))
  elif ! diff -u "$name.expected" "$out"; then
    echo "FAIL $json: analysis differs (diff above: - expected, + actual)"; fail=$((fail + 1))
  else
    pass=$((pass + 1))
  fi
done
echo "$pass passed, $fail failed"
[ "$pass" -gt 0 ] && [ "$fail" -eq 0 ]
