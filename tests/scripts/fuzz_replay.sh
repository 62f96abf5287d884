#!/usr/bin/env bash
# Replays every fuzz target's seed corpus and committed regression cases
# with the plain-main replay programs (tests/fuzz/fuzz_main.c), so the whole
# fuzz history runs in `make test` under gcc and under ASan+UBSan. A crash,
# a sanitizer report, a broken invariant or a hang (over 20 s per input)
# fails the target.
set -uo pipefail
: "${BUILD:?}" "${SRC:?}"
pass=0; fail=0
for t in fuzz_load fuzz_save fuzz_eval fuzz_text fuzz_po fuzz_campaign; do
  bin="$BUILD/${t}_replay"
  if [ ! -x "$bin" ]; then
    echo "FAIL $t: $bin was not built (tests/fuzz/fuzz.cmake must be included by CMakeLists.txt)"
    fail=$((fail + 1)); continue
  fi
  dirs=("$SRC/tests/fuzz/corpus/$t")
  [ -d "$SRC/tests/fuzz/regressions/$t" ] && dirs+=("$SRC/tests/fuzz/regressions/$t")
  n=$(find "${dirs[@]}" -maxdepth 1 -type f | wc -l)
  if [ "$n" -eq 0 ]; then
    echo "FAIL $t: no corpus files in ${dirs[*]}"; fail=$((fail + 1)); continue
  fi
  log=$(mktemp)
  if ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} "$bin" --timeout 20 "${dirs[@]}" >"$log" 2>&1; then
    echo "ok   $t: $n inputs"; pass=$((pass + 1))
  else
    echo "FAIL $t (exit $?):"; tail -30 "$log"; fail=$((fail + 1))
  fi
  rm -f "$log"
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
