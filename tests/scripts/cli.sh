#!/usr/bin/env bash
# The one option parser (game/tools/cli.c) as a user meets it: both value
# spellings, "--", grouped and attached short options, abbreviations, help
# generated from the table, and exit status 2 with a clear message for every
# usage error.
set -uo pipefail
: "${LEFTSR:?}" "${SRC:?}"
cd "$SRC"
. "$(dirname "$0")/lib/check.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# expect RC PATTERN CMD...: exit status RC and PATTERN (grep -E) in stdout+stderr
expect() {
  local want=$1 pat=$2; shift 2
  local out rc
  out=$("$@" </dev/null 2>&1); rc=$?
  if [ "$rc" -ne "$want" ]; then bad "$* exited $rc, not $want: $(printf '%s' "$out" | head -3)"; return; fi
  if [ -n "$pat" ] && ! grep -Eq -- "$pat" <<< "$out"; then
    bad "$*: no '$pat' in: $(printf '%s' "$out" | head -3)"; return
  fi
  ok
}

choices=$(python3 -c 'import json; p=json.load(open("tests/scenarios/paths/coalition.json"))[0]; print(",".join(p["choices"]))')
a=$("$LEFTSR" play --text --no-save --seed 5 --choices "$choices" coalition </dev/null 2>&1)
b=$("$LEFTSR" play --text --no-save --seed=5 --choices="$choices" coalition </dev/null 2>&1)
c=$("$LEFTSR" play coalition --seed=5 --text --no-save --choices "$choices" </dev/null 2>&1)
[ -n "$a" ] && [ "$a" = "$b" ] && ok || bad "--seed 5 and --seed=5 play different games"
[ "$a" = "$c" ] && ok || bad "an operand before the options changes the game"

for cmd in play check list analyze new report; do
  expect 0 "^usage: leftsr $cmd" "$LEFTSR" "$cmd" --help
  expect 0 "^usage: leftsr $cmd" "$LEFTSR" "$cmd" -h
  expect 2 "leftsr $cmd: unknown option '--no-such-option'" "$LEFTSR" "$cmd" --no-such-option
  expect 2 "leftsr $cmd: unknown option '-Z'" "$LEFTSR" "$cmd" -Z
  # --help lists -h, --help itself: the text comes from the table
  help=$("$LEFTSR" "$cmd" --help)
  grep -q -- "-h, --help" <<< "$help" && ok || bad "$cmd --help does not list -h, --help"
done
expect 2 "leftsr play: --seed needs a value \(N\)" "$LEFTSR" play --seed
expect 2 "leftsr play: --seed takes a whole number, not 'x'" "$LEFTSR" play --seed=x
expect 2 "leftsr play: --text takes no value" "$LEFTSR" play --text=yes
expect 2 "ambiguous option '--s'" "$LEFTSR" play --s 5
expect 2 "--reveal takes after, end or never" "$LEFTSR" play --reveal sometimes
expect 2 "one scenario at a time" "$LEFTSR" play coalition brest
expect 2 "leftsr analyze: --random needs a non-negative integer, not '-3'" "$LEFTSR" analyze --random=-3 coalition
expect 2 "only one FILE" "$LEFTSR" analyze scenarios/coalition.json scenarios/brest.json
expect 2 "leftsr list: takes no arguments" "$LEFTSR" list extra
# an unambiguous abbreviation is the option it starts
expect 0 '"scenario":[[:space:]]+"coalition"' "$LEFTSR" analyze --ra 10 --j scenarios/coalition.json
# grouped / attached short options; -q is check's --quiet
out=$("$LEFTSR" check -q scenarios/coalition.json 2>&1); rc=$?
[ $rc -eq 0 ] && [ -z "$out" ] && ok || bad "check -q printed '$out' (exit $rc)"
# "--" ends the options: a file named like an option is an operand
cp scenarios/coalition.json "$tmp/--quiet"
out=$(cd "$tmp" && "$LEFTSR" check -- --quiet 2>&1)
grep -q -- "--quiet: ok" <<< "$out" && ok || bad "check -- --quiet did not check the file '--quiet'"
(cd "$tmp" && "$LEFTSR" new -- -x >/dev/null 2>&1) && [ -f "$tmp/-x.json" ] && ok || bad "new -- -x did not write -x.json"
# report: attached value of a short option (-fmd) and -oFILE
"$LEFTSR" play --text --seed 1 --save "$tmp/s.json" --choices "$choices" coalition </dev/null >/dev/null 2>&1
"$LEFTSR" report -fmd "-o$tmp/r.out" "$tmp/s.json" >/dev/null 2>&1 && grep -q '^# Coalition' "$tmp/r.out" && ok \
  || bad "report -fmd -oFILE did not write Markdown"
finish
