#!/usr/bin/env bash
# Classroom mode in the terminal (`leftsr play --text --classroom`): choices
# are lettered by position as in the window, counts typed per choice (or per
# letter) decide the choice, a tie waits for the teacher (who may only pick a
# tied choice), the history waits for the teacher's 'r', 'b' steps back one
# decision, and the tallies end up in the save, as `leftsr report --format
# csv` shows.
set -uo pipefail
: "${LEFTSR:?}" "${SRC:?}"
dir=$(mktemp -d "${TMPDIR:-/tmp}/lsr-term-class.XXXXXX")
trap 'rm -rf "$dir"' EXIT
export XDG_DATA_HOME="$dir/data" XDG_CONFIG_HOME="$dir/config"
pass=0; fail=0
ok() { if eval "$2"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $1"; fi; }

# decision 1: 12-3-0-0 takes A, r reveals; decision 2: step back; decision 1
# again: 3-3-0-0 is a tie, C is refused, B is taken and revealed; decision 2:
# B9 C1 takes B, Enter goes on without the history; then stop.
printf '12 3 0 0\nr\nb\n3 3 0 0\nC\nB\nr\nB9 C1\n\nq\n' |
  "$LEFTSR" play --text --classroom --seed 5 --save "$dir/class.json" coalition >"$dir/out.txt" 2>&1
rc=$?
ok "stopping with q exits 0 (got $rc)" '[ $rc -eq 0 ]'
ok "the majority decides" 'grep -q "The class chose A, with 12 of 15 votes." "$dir/out.txt"'
ok "step back" 'grep -q "Stepped back one decision." "$dir/out.txt"'
ok "a tie waits for the teacher" 'grep -q "The vote is tied. Teacher, type the letter" "$dir/out.txt"'
ok "only a tied choice breaks the tie" 'grep -q "breaks the tie between the choices with 3 votes" "$dir/out.txt"'
ok "the history line speaks of the class" 'grep -q "(as the class did)" "$dir/out.txt"'
ok "second decision by letter counts" 'grep -q "The class chose B, with 9 of 10 votes." "$dir/out.txt"'
ok "choices are lettered" 'grep -q "^  A) " "$dir/out.txt" && grep -q "^  C) " "$dir/out.txt"'
ok "history only on r: revealed twice, not a third time" '[ "$(grep -c "WHAT REALLY HAPPENED" "$dir/out.txt")" -eq 2 ]'
"$LEFTSR" report "$dir/class.json" --format csv -o "$dir/class.csv" >/dev/null 2>&1
ok "report from the save" '[ -s "$dir/class.csv" ]'
ok "two decisions saved" '[ "$(grep -c "^[0-9]" "$dir/class.csv")" -eq 2 ]'
ok "the tie's tally is kept" 'grep -q "^1,.*,3;3;0;0," "$dir/class.csv"'
ok "the second tally is kept" 'grep -q "^2,.*,0;9;1," "$dir/class.csv"'
ok "the stepped-back decision left no trace" '! grep -q "12;3;0;0" "$dir/class.csv"'
# A scenario that opens with a vote: 'b' before any decision has nothing to
# step back to and must leave the game where it is (it once crashed here).
# (The first line goes on past the vote without revealing its history.)
printf '\nb\n0 2\nq\n' |
  "$LEFTSR" play --text --classroom --seed 5 --no-save "$SRC/tests/scenarios/good/vote-first.json" >"$dir/v.txt" 2>&1
rc=$?
ok "step back with only a vote behind exits 0 (got $rc)" '[ $rc -eq 0 ]'
ok "nothing to step back to" 'grep -q "There is no decision to step back to." "$dir/v.txt"'
ok "the decision is still taken after it" 'grep -q "The class chose B, with 2 of 2 votes." "$dir/v.txt"'
# A choice hidden at this point keeps its letter's gap, as in the window:
# d2's first choice needs trust 50, which taking B at d1 leaves at 41.
sed -e 's/{"id": "x", "label": "Take X", "next": "end"}/{"id": "x", "label": "Take X", "condition": {"var": "trust", "gte": 50}, "next": "end"}/' \
  "$SRC/tests/scenarios/good/vote-first.json" >"$dir/gap.json"
printf '\nB\n\nA\nA9\nB 3\nr\n' |
  "$LEFTSR" play --text --classroom --seed 5 --no-save "$dir/gap.json" >"$dir/gap.txt" 2>&1
ok "a hidden choice leaves its letter out" 'grep -q "^  B) Take Y" "$dir/gap.txt" && ! grep -q "^  A) Take X" "$dir/gap.txt"'
ok "its letter cannot be taken" 'grep -q "Please type the counts, or a letter shown" "$dir/gap.txt"'
ok "nor given votes" 'grep -q "Choice A is not possible now; give it 0 votes." "$dir/gap.txt"'
ok "counts by letter past the gap" 'grep -q "The class chose B, with 3 of 3 votes." "$dir/gap.txt"'
ok "the game ends after the reveal" 'grep -q "The end" "$dir/gap.txt"'
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
