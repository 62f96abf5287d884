#!/usr/bin/env bash
# Uninitialised reads (which AddressSanitizer cannot see), memory errors and
# leaks under valgrind (definite and indirect leaks are errors), over the
# fuzz regression replays and the unit tests that need no display.
#
# In `make test` (VALGRIND_TESTS unset) it runs the engine's unit tests, where
# an uninitialised read would change a game: loading, playing, saving,
# reports and hostile input. test_analyze (about two minutes under valgrind,
# exploring millions of states in code that ASan+UBSan already runs whole)
# is left to `make test-valgrind`, which sets VALGRIND_TESTS=all.
# Valgrind cannot run sanitizer builds: there ASan/LSan do this job and the
# script exits 77 (reported by ctest as skipped, not passed).
set -uo pipefail
: "${BUILD:?}" "${SRC:?}"
if [ "${LSR_SANITIZED:-0}" = 1 ]; then
  echo "SKIP: sanitizer build; AddressSanitizer/LeakSanitizer check memory here instead of valgrind"
  exit 77
fi
command -v valgrind >/dev/null 2>&1 || {
  echo "FAIL: valgrind is not installed (bash .ci/deps.sh --test)"; echo "0 passed, 1 failed"; exit 1; }
# Tests that open a window or load SDL/fontconfig (whose own caches valgrind
# reports) are left to the ASan run: test_ui and every test_ui_* file.
skip=" ${VALGRIND_SKIP:-} "
quick=" test_game test_load test_scenarios test_report test_robust "
only=${VALGRIND_TESTS:-quick}
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
  case "$name" in test_ui|test_ui_*) echo "skip $name (needs a display)"; continue ;; esac
  case "$skip" in *" $name "*) echo "skip $name (VALGRIND_SKIP)"; continue ;; esac
  if [ "$only" = quick ]; then
    case "$quick" in *" $name "*) ;; *) echo "skip $name (make test-valgrind runs it)"; continue ;; esac
  fi
  run "$name" "$t"
done
for t in fuzz_load fuzz_save fuzz_eval fuzz_text fuzz_po fuzz_campaign; do
  r="$BUILD/${t}_replay"; d="$SRC/tests/fuzz/regressions/$t"
  [ -x "$r" ] && [ -d "$d" ] && [ -n "$(ls -A "$d")" ] && run "${t}_replay regressions" "$r" --timeout 600 "$d"
done
[ $ran -gt 0 ] || { echo "FAIL: no test executables in $BUILD"; fail=1; }
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
