#!/usr/bin/env bash
# Runs every libFuzzer target for FUZZ_SECONDS (default 60) each, starting
# from the committed seed corpus and regression cases. New inputs go to a
# scratch corpus in the fuzz build folder, never into the source tree.
# A crash, hang or out-of-memory fails the run; its input is copied to
# tests/fuzz/regressions/<target>/ when FUZZ_KEEP=1 (the default for
# `make fuzz`) so it can be fixed and committed as a regression case.
#
#   FUZZ_SECONDS=60 FUZZ_BUILD=build-fuzz FUZZ_JOBS=1 bash tests/fuzz/run_fuzz.sh [TARGET...]
set -uo pipefail
SRC=$(cd "$(dirname "$0")/../.." && pwd)
SECS=${FUZZ_SECONDS:-60}
BUILD=${FUZZ_BUILD:-$SRC/build-fuzz}
case "$BUILD" in /*) ;; *) BUILD="$SRC/$BUILD" ;; esac
KEEP=${FUZZ_KEEP:-1}
CC_FUZZ=${FUZZ_CC:-clang}
command -v "$CC_FUZZ" >/dev/null 2>&1 || { echo "run_fuzz: $CC_FUZZ not found (apt-get install clang)" >&2; exit 2; }
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_load fuzz_save fuzz_eval fuzz_text fuzz_po fuzz_campaign)

flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g"
# Configured every time (it takes a second), so a target added since the
# folder was made is known to it.
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  CC="$CC_FUZZ" cmake -S "$SRC" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLSR_WITH_SDL=OFF \
    -DLSR_FUZZ=ON -DCMAKE_C_FLAGS="$flags" >/dev/null || exit 2
else
  cmake -S "$SRC" -B "$BUILD" >/dev/null || exit 2
fi
cmake --build "$BUILD" -j "$(nproc 2>/dev/null || echo 2)" --target "${targets[@]}" >/dev/null || {
  echo "run_fuzz: build failed" >&2; cmake --build "$BUILD" --target "${targets[@]}" 2>&1 | tail -30; exit 2; }

pass=0; fail=0
for t in "${targets[@]}"; do
  work="$BUILD/fuzz-work/$t"; art="$BUILD/fuzz-artifacts/$t"
  mkdir -p "$work" "$art"
  seeds=("$SRC/tests/fuzz/corpus/$t")
  [ -d "$SRC/tests/fuzz/regressions/$t" ] && seeds+=("$SRC/tests/fuzz/regressions/$t")
  dict=(); [ -f "$SRC/tests/fuzz/$t.dict" ] && dict=(-dict="$SRC/tests/fuzz/$t.dict")
  log="$BUILD/fuzz-artifacts/$t.log"
  echo "run_fuzz: $t for ${SECS}s"
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1 \
    "$BUILD/$t" "$work" "${seeds[@]}" "${dict[@]}" -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 \
    -max_len=262144 -print_final_stats=1 -artifact_prefix="$art/" >"$log" 2>&1
  rc=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  if [ $rc -eq 0 ]; then
    echo "run_fuzz: $t ok, ${execs:-?} executions"; pass=$((pass + 1))
  else
    echo "run_fuzz: $t FAILED (exit $rc) after ${execs:-?} executions; log: $log"
    grep -E 'ERROR|SUMMARY|fuzz invariant|runtime error|Test unit written' "$log" | head -20
    if [ "$KEEP" = 1 ]; then
      mkdir -p "$SRC/tests/fuzz/regressions/$t"
      for f in "$art"/crash-* "$art"/timeout-* "$art"/oom-* "$art"/leak-*; do
        [ -f "$f" ] && cp "$f" "$SRC/tests/fuzz/regressions/$t/" && echo "run_fuzz: kept $(basename "$f") in tests/fuzz/regressions/$t/"
      done
    fi
    fail=$((fail + 1))
  fi
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
