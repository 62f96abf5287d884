#!/usr/bin/env bash
# `play --choices`: an answer that is not a possible choice stops the script
# with exit 2, naming the step, instead of letting the next answer shift in;
# a declared dead end plays to its stop and exits 0.
set -u
: "${LEFTSR:?}" "${SRC:?}"
cd "$SRC" || exit 2
fail=0
check() { # want_rc pattern args...
  local want=$1 pat=$2; shift 2
  local out rc
  out=$("$LEFTSR" play --text --no-save --seed 1 "$@" 2>&1 </dev/null); rc=$?
  if [ "$rc" -ne "$want" ] || ! grep -qE -- "$pat" <<<"$out"; then
    echo "FAIL play $*: exit $rc (want $want), output lacks /$pat/:"; tail -5 <<<"$out"; fail=$((fail + 1))
  fi
}
first=$(python3 -c 'import json; s=json.load(open("scenarios/coalition.json")); print(s["start"])')
check 2 "--choices: '9' at step '$first' is not one of its choices" --choices 9,1 scenarios/coalition.json
check 2 "--choices: 'nonsense' at step '$first'" --choices nonsense scenarios/coalition.json
check 2 "--choices: '4' at step 'deck' is not one of its choices" --choices 1,4 tests/analyze/ink-port.json
check 0 "The story stops here" --choices 3 tests/analyze/ink-port.json
check 0 "The hero" --choices ticket,rail tests/analyze/ink-port.json
check 1 "choice 'a:big', effect 1 \(add 'n'\) takes a variable past the 32-bit range" --choices 2 tests/analyze/overflow.json
[ $fail -eq 0 ] && echo "play --choices: all passed"
[ $fail -eq 0 ]
