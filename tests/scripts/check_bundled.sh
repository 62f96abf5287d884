#!/usr/bin/env bash
# Every bundled scenario and the campaign pass `leftsr check` with no
# problems at all (not even warnings), and `leftsr analyze` finds no errors.
set -uo pipefail
: "${LEFTSR:?}" "${SRC:?}"
pass=0; fail=0
for f in coalition brest july campaign; do
  out=$("$LEFTSR" check "$SRC/scenarios/$f.json" 2>&1)
  if [ $? -eq 0 ] && printf '%s\n' "$out" | grep -q "ok (0 warnings)"; then pass=$((pass + 1)); else
    echo "FAIL check $f:"; printf '%s\n' "$out"; fail=$((fail + 1)); fi
done
# Under the sanitizers coalition alone runs the analyser's code; brest and
# july (several seconds each, and more under ASan) are analysed in the plain run.
analysed="coalition brest july"
[ "${LSR_SANITIZED:-0}" = 1 ] && analysed="coalition"
for f in $analysed; do
  if out=$("$LEFTSR" analyze "$SRC/scenarios/$f.json" 2>&1); then pass=$((pass + 1)); else
    echo "FAIL analyze $f:"; printf '%s\n' "$out" | grep -E "error|Findings" | head -20; fail=$((fail + 1)); fi
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
