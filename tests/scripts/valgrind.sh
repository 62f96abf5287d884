#!/usr/bin/env bash
# Memory errors and leaks: every unit test that needs no display, and the
# fuzz regression replays, under valgrind (definite and indirect leaks are
# errors). Valgrind cannot run sanitizer builds: there ASan/LSan do this job
# and the script exits 77 (reported by ctest as skipped, not passed).
set -uo pipefail
: "${BUILD:?}" "${SRC:?}"
if [ "${LSR_SANITIZED:-0}" = 1 ]; then
  echo "SKIP: sanitizer build; AddressSanitizer/LeakSanitizer check memory here instead of valgrind"
  exit 77
fi
command -v valgrind >/dev/null 2>&1 || {
  echo "FAIL: valgrind is not installed (bash .ci/deps.sh --test)"; echo "0 passed, 1 failed"; exit 1; }
# Tests that open a window or load SDL/fontconfig (whose own caches valgrind
# reports) are left to the ASan run.
skip=" ${VALGRIND_SKIP:-test_ui test_ui_devtools} "
vg=(valgrind -q --leak-check=full --error-exitcode=99 --errors-for-leak-kinds=definite,indirect
    --show-leak-kinds=definite,indirect --track-origins=yes)
pass=0; fail=0; ran=0
run() {
  local name=$1; shift
  local log; log=$(mktemp)
  ran=$((ran + 1))
  if LSR_UNDER_VALGRIND=1 "${vg[@]}" "$@" >"$log" 2>&1; then
    echo "ok   $name"; pass=$((pass + 1))
  else
    echo "FAIL $name:"; tail -40 "$log"; fail=$((fail + 1))
  fi
  rm -f "$log"
}
for t in "$BUILD"/test_*; do
  [ -x "$t" ] && [ -f "$t" ] || continue
  name=$(basename "$t")
  case "$skip" in *" $name "*) echo "skip $name (needs a display)"; continue ;; esac
  run "$name" "$t"
done
for t in fuzz_load fuzz_save fuzz_eval fuzz_text; do
  r="$BUILD/${t}_replay"; d="$SRC/tests/fuzz/regressions/$t"
  [ -x "$r" ] && [ -d "$d" ] && [ -n "$(ls -A "$d")" ] && run "${t}_replay regressions" "$r" --timeout 600 "$d"
done
[ $ran -gt 0 ] || { echo "FAIL: no test executables in $BUILD"; fail=1; }
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
