#!/usr/bin/env bash
# Crash safety of saves: a helper saves as fast as it can (growing games,
# class tallies) and is killed with SIGKILL at a random moment, KILL_TRIALS
# times (default 300). After each kill the save must load with
# lsr_save_load and be at least as new as the last save the helper finished;
# only falling back to the .bak also counts as a loss. Every 25th trial
# `leftsr play --continue` must resume from what survived.
set -uo pipefail
: "${BUILD:?}" "${SRC:?}" "${LEFTSR:?}"
bin="$BUILD/save_stress"
[ -x "$bin" ] || { echo "FAIL: $bin was not built (tests/fuzz/fuzz.cmake must be included by CMakeLists.txt)"; echo "0 passed, 1 failed"; exit 1; }
trials=${KILL_TRIALS:-300}
scenario="$SRC/scenarios/coalition.json"
[ -f "$scenario" ] || { echo "FAIL: no $scenario"; echo "0 passed, 1 failed"; exit 1; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/lsr-kill-save.XXXXXX")
pid=""
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT
save="$dir/saves/coalition.json"
pass=0; loss=0; bak=0; resumed=0; resume_tries=0; midsave=0; saves=0
for ((i = 1; i <= trials; i++)); do
  rm -rf "$dir/saves"
  : >"$dir/progress"
  "$bin" loop "$scenario" "$save" >"$dir/progress" 2>"$dir/err" &
  pid=$!
  # Wait for the first completed save, then let it run 0-39 ms more.
  for ((w = 0; w < 2000; w++)); do [ -s "$dir/progress" ] && break; sleep 0.005; done
  sleep "0.0$(printf '%02d' $((RANDOM % 40)))"
  kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; pid=""
  # A leftover temporary file means the kill landed inside lsr_save_write.
  [ -e "$save.tmp" ] && midsave=$((midsave + 1))
  saves=$((saves + $(grep -cE '^[0-9]+ [0-9]+$' "$dir/progress")))
  last=$(grep -E '^[0-9]+ [0-9]+$' "$dir/progress" | tail -n 1)
  if [ -z "$last" ]; then
    echo "trial $i: the helper never completed a save:"; cat "$dir/err"; loss=$((loss + 1)); continue
  fi
  out=$("$bin" verify "$scenario" "$save" $last 2>&1); rc=$?
  case $rc in
    0) pass=$((pass + 1)) ;;
    3) echo "trial $i: only the .bak loads ($out)"; bak=$((bak + 1)); loss=$((loss + 1)) ;;
    *) echo "trial $i: LOST: nothing loads (last completed save: $last): $out"; ls -la "$dir/saves"; loss=$((loss + 1)) ;;
  esac
  if [ $((i % 25)) -eq 0 ] && [ $rc -eq 0 ]; then
    resume_tries=$((resume_tries + 1))
    # (the output is read whole: grep -q in a pipe would quit early and, with
    # pipefail, turn leftsr's SIGPIPE into a false failure)
    resume_out=$("$LEFTSR" play --text --continue --save "$save" --choices q "$scenario" </dev/null 2>&1)
    if grep -q "resumed after" <<<"$resume_out"; then
      resumed=$((resumed + 1))
    else
      echo "trial $i: leftsr play --continue did not resume the save"; loss=$((loss + 1)); pass=$((pass - 1))
    fi
  fi
done
echo "kill_save: $trials trials ($saves saves completed, $midsave kills inside a save), $loss losses, $bak fell back to .bak, leftsr resumed $resumed of $resume_tries"
echo "$pass passed, $loss failed"
[ $loss -eq 0 ] && [ "$pass" -eq "$trials" ]
