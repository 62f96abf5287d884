#!/usr/bin/env bash
# The review of December 2026 (tests/scenarios/hostile/), item by item, as
# the player and the author meet it: campaigns that used to crash, files
# that are not regular files, scenario text that drove the terminal, saves
# that were lost or overwritten silently, long input lines, a file-size
# limit, codes missing from check --codes, stdout that cannot be written.
set -uo pipefail
: "${LEFTSR:?}" "${SRC:?}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lsr-hostile.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
H="$SRC/tests/scenarios/hostile"
export XDG_DATA_HOME="$tmp/data"
saves="$tmp/data/leftsr/saves"
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
# ESC, BEL, CR, BS, C1 CSI or a bidi override/isolate anywhere in a file
dangerous() { LC_ALL=C grep -qaP '[\x1b\x07\x0d\x08]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]' "$1"; }

# 1. Campaigns: a first part that fails no longer crashes (was exit 139).
mkdir -p "$tmp/camp"
cp "$SRC"/scenarios/{campaign,brest,july}.json "$tmp/camp/"
"$LEFTSR" check "$tmp/camp/campaign.json" >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 1 ] && grep -q "E_IO" "$tmp/out" && ok || bad "campaign without its first part: exit $rc"
"$LEFTSR" play --text --no-save "$tmp/camp/campaign.json" </dev/null >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 1 ] && ok || bad "play of a campaign without its first part: exit $rc"
# 17 parts play to the epilogue (the terminal stopped after 16).
cp "$SRC"/scenarios/{coalition,brest,july}.json "$tmp/camp/"
cp "$H/camp-17-valid.json" "$H/camp-late-type.json" "$tmp/camp/"
"$LEFTSR" check "$tmp/camp/camp-17-valid.json" >"$tmp/out" 2>&1 && ok || bad "17-part campaign does not pass check"
# "type" after 4 KB of briefing is a campaign.
"$LEFTSR" check "$tmp/camp/camp-late-type.json" >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 0 ] && ok || { bad "camp-late-type: exit $rc"; cat "$tmp/out"; }

# 12. FIFOs are refused at once, never waited on.
mkfifo "$tmp/f.json"
timeout 10 "$LEFTSR" check "$tmp/f.json" >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q "not a regular file" "$tmp/out" && ok || bad "check FIFO: exit $rc"
timeout 10 "$LEFTSR" play --text --continue --save "$tmp/f.json" coalition </dev/null >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 2 ] && ok || bad "play --continue with a FIFO save: exit $rc"
timeout 10 "$LEFTSR" report "$tmp/f.json" >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 2 ] && ok || bad "report FIFO: exit $rc"

# 3. Scenario text and JSON paths reach the terminal only escaped.
"$LEFTSR" play --text --no-save --seed 1 "$H/l01-ansi-in-text.json" </dev/null >"$tmp/out" 2>&1
if dangerous "$tmp/out"; then bad "play --text prints control sequences from l01"; else ok; fi
grep -q 'PWNED' "$tmp/out" && grep -qF '\e[' "$tmp/out" && ok || bad "l01 text is not shown visibly"
printf '{"format":"1.0","\\u001b]0;pwned\\u0007\\u001b[2J\\u202e":1}' >"$tmp/e.json"
"$LEFTSR" check "$tmp/e.json" >"$tmp/out" 2>&1
if dangerous "$tmp/out"; then bad "check prints the JSON path raw"; else ok; fi
"$LEFTSR" analyze "$H/l01-ansi-in-text.json" >"$tmp/out" 2>&1
if dangerous "$tmp/out"; then bad "analyze prints control sequences"; else ok; fi

# 6/7. Saves: never replaced without --continue or --new; --new keeps SAVE.old.
"$LEFTSR" play --text --seed 1 --choices 2,1,1,1 coalition </dev/null >/dev/null 2>&1
before=$(cat "$saves/coalition.json")
"$LEFTSR" play --text --seed 1 --choices 1,1 coalition </dev/null >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q -- "--continue" "$tmp/out" && grep -q -- "--new" "$tmp/out" && ok \
  || bad "play over a save without --continue: exit $rc"
[ "$before" = "$(cat "$saves/coalition.json")" ] && ok || bad "the save changed although play refused"
"$LEFTSR" play --text --new --seed 1 --choices 1 coalition </dev/null >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 0 ] && [ "$before" = "$(cat "$saves/coalition.json.old")" ] && ok || bad "--new did not keep SAVE.old (exit $rc)"
# A save of another scenario is left untouched.
before=$(cat "$saves/coalition.json")
"$LEFTSR" play --text --continue --save "$saves/coalition.json" --choices 1 brest </dev/null >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 2 ] && [ "$before" = "$(cat "$saves/coalition.json")" ] && ok || bad "save of another scenario: exit $rc or overwritten"
# "progress is saved" only when it is.
"$LEFTSR" play --text --save "$tmp/new.json" coalition </dev/null >"$tmp/out" 2>&1
grep -q "progress is saved" "$tmp/out" && bad "'progress is saved' before anything was saved" || ok
# A save that fails: said at once, at exit, and exit status 2.
mkdir "$tmp/dir.json"
"$LEFTSR" play --text --save "$tmp/dir.json" --choices 1 coalition </dev/null >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 2 ] && ok || bad "save path that is a folder: exit $rc"
"$LEFTSR" play --text --save "$tmp/sub/deeper/../x.json" --choices 1 coalition </dev/null >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 0 ] && ok || bad "a fresh save in a new folder: exit $rc"
# A full disk is simulated with a file-size limit (SIGXFSZ used to kill the process).
"$LEFTSR" play --text --seed 1 --save "$tmp/fsz.json" --choices 1 coalition </dev/null >/dev/null 2>&1
before=$(cat "$tmp/fsz.json")
(ulimit -f 0; "$LEFTSR" play --text --continue --save "$tmp/fsz.json" --choices 1 coalition </dev/null >/dev/null 2>/dev/null); rc=$?
[ $rc -eq 2 ] && ok || bad "save past ulimit -f: exit $rc (153 is SIGXFSZ)"
[ "$before" = "$(cat "$tmp/fsz.json")" ] && ok || bad "the old save did not survive the failed save"
ls "$tmp" | grep -q '\.tmp$' && bad "a temporary file was left behind" || ok
# Two instances on one save: the second says so and exits.
mkfifo "$tmp/hold"
"$LEFTSR" play --text --save "$tmp/two.json" coalition <"$tmp/hold" >/dev/null 2>&1 &
holder=$!
exec 9>"$tmp/hold"
sleep 0.5
"$LEFTSR" play --text --continue --save "$tmp/two.json" --choices 1 coalition </dev/null >"$tmp/out" 2>&1; rc=$?
exec 9>&-
wait $holder
[ $rc -eq 2 ] && grep -q "another leftsr" "$tmp/out" && ok || bad "second instance on one save: exit $rc"

# 13. A long line is one answer, not many.
python3 -c "print('x'*255+'2')" | "$LEFTSR" play --text --no-save --seed 1 coalition >"$tmp/out" 2>&1
grep -q "Left SRs chose" "$tmp/out" && bad "a 256-byte line was read as two answers" || ok
[ "$(grep -c 'Please type a number' "$tmp/out")" -eq 1 ] && ok || bad "a long line gave more than one complaint"

# 16. Every code the engine emits is listed by check --codes.
"$LEFTSR" check --codes >"$tmp/codes"
missing=""
for c in $(grep -ohE '"[EW]_[A-Z_]+"' "$SRC"/game/core/*.c | tr -d '"' | sort -u); do
  [ "$c" = E_UNKNOWN ] && continue
  grep -q "^$c " "$tmp/codes" || missing="$missing $c"
done
[ -z "$missing" ] && ok || bad "codes missing from check --codes:$missing"
# Exit status when stdout cannot be written.
if [ -w /dev/full ]; then
  "$LEFTSR" check --codes >/dev/full 2>/dev/null; rc=$?
  [ $rc -eq 2 ] && ok || bad "check --codes >/dev/full: exit $rc"
  "$LEFTSR" play --text --no-save --choices 1 coalition </dev/null >/dev/full 2>/dev/null; rc=$?
  [ $rc -eq 2 ] && ok || bad "play >/dev/full: exit $rc"
  "$LEFTSR" analyze "$SRC/scenarios/coalition.json" >/dev/full 2>/dev/null; rc=$?
  [ $rc -eq 2 ] && ok || bad "analyze >/dev/full: exit $rc"
fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
