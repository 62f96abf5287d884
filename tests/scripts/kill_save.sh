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
# Under the sanitizers 60 trials look for memory errors on the way; the
# plain build's run makes the 300 that count losses.
if [ "${LSR_SANITIZED:-0}" = 1 ]; then trials=${KILL_TRIALS:-60}; else trials=${KILL_TRIALS:-300}; fi
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
  compgen -G "$save.*.tmp" >/dev/null && midsave=$((midsave + 1))
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

# Two instances of the real program on one save (review 2026-12 #7), killed
# together at a random moment, TWO_TRIALS times (default 40): one holds the
# save's lock and the other must say so and exit 2 at once (before the lock
# they both wrote and renamed over each other); what survives must resume.
two_trials=${TWO_TRIALS:-40}
loop="$SRC/tests/scenarios/hostile/b03-self-loop-one-choice.json"
two_pass=0; two_loss=0; refused=0; both_ran=0
save2="$dir/two/game.json"
for ((i = 1; i <= two_trials; i++)); do
  rm -rf "$dir/two"; mkdir -p "$dir/two"
  yes 1 2>/dev/null | head -1500 | "$LEFTSR" play --text --seed 1 --save "$save2" "$loop" >/dev/null 2>"$dir/two/err1" &
  p1=$!
  yes 1 2>/dev/null | head -1500 | "$LEFTSR" play --text --seed 2 --save "$save2" "$loop" >/dev/null 2>"$dir/two/err2" &
  p2=$!
  sleep "0.$(printf '%03d' $((RANDOM % 400)))"
  # $! of a pipeline is its last member: the two leftsr processes
  kill -9 $p1 $p2 2>/dev/null
  wait $p1 $p2 2>/dev/null
  # a temporary file left by the kill is never taken for the save
  compgen -G "$save2.*.tmp" >/dev/null && midsave=$((midsave + 1))
  n_ref=$(cat "$dir/two/err1" "$dir/two/err2" | grep -c "another leftsr is already playing")
  refused=$((refused + n_ref))
  if grep -q "cannot replace\|could not save" "$dir/two/err1" "$dir/two/err2"; then
    echo "two trial $i: a save failed:"; cat "$dir/two/err1" "$dir/two/err2"; two_loss=$((two_loss + 1)); continue
  fi
  [ "$n_ref" -eq 0 ] && both_ran=$((both_ran + 1))
  [ -e "$save2" ] || { two_pass=$((two_pass + 1)); continue; }   # killed before the first save
  out=$("$LEFTSR" play --text --continue --save "$save2" --choices q "$loop" </dev/null 2>&1)
  if grep -q "resumed after" <<<"$out"; then two_pass=$((two_pass + 1))
  else echo "two trial $i: the save does not resume: $out"; two_loss=$((two_loss + 1)); fi
done
echo "kill_save: two instances on one save, $two_trials trials: the second was refused $refused times (both ran $both_ran times: one had not started), $two_loss unrecoverable"
echo "$((pass + two_pass)) passed, $((loss + two_loss)) failed"
[ $loss -eq 0 ] && [ "$pass" -eq "$trials" ] && [ $two_loss -eq 0 ] && [ "$two_pass" -eq "$two_trials" ]
