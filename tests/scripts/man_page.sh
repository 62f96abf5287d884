#!/usr/bin/env bash
# The man page leftsr(1) documents every command and option that
# `leftsr --help` and `leftsr COMMAND --help` print, no more, and lints clean.
set -uo pipefail
: "${LEFTSR:?}" "${SRC:?}"
man=$SRC/assets/leftsr.1
opts="python3 $SRC/tests/scripts/help_options.py"
command -v python3 >/dev/null || { echo "SKIP: python3 is missing (bash .ci/deps.sh --test)"; exit 77; }
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

commands=$($opts commands "$LEFTSR") || { bad "cannot read the commands from leftsr --help"; commands=""; }
[ -n "$commands" ] || bad "leftsr --help lists no commands"
global=$($opts man "$man" OPTIONS)
for o in $global; do
  case $o in
    --version) "$LEFTSR" --version >/dev/null && ok || bad "man page gives --version, but leftsr --version fails" ;;
    *) "$LEFTSR" "$o" >/dev/null && ok || bad "man page gives $o, but leftsr $o fails" ;;
  esac
done
for cmd in $commands; do
  grep -q "^\.SS $cmd\$" "$man" && ok || { bad "no '.SS $cmd' section in $man"; continue; }
  grep -q "^\.B $cmd\$" "$man" && ok || bad "the SYNOPSIS of $man lacks '$cmd'"
  in_help=$($opts help "$LEFTSR" "$cmd") || { bad "leftsr $cmd --help failed"; continue; }
  in_man=$($opts man "$man" "$cmd")
  for o in $in_help; do
    if grep -qxF -- "$o" <<<"$in_man" || grep -qxF -- "$o" <<<"$global"; then ok
    else bad "leftsr $cmd --help gives $o, the man page's '$cmd' section does not"; fi
  done
  for o in $in_man; do
    grep -qxF -- "$o" <<<"$in_help" && ok || bad "the man page gives '$cmd $o', leftsr $cmd --help does not"
  done
done
# every section the man page documents is a real command
for cmd in $(sed -n 's/^\.SS \([a-z]*\)$/\1/p' "$man"); do
  grep -qxF "$cmd" <<<"$commands" && ok || bad "the man page documents '$cmd', which leftsr --help does not list"
done
for s in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" ENVIRONMENT FILES EXAMPLES; do
  grep -q "^\.SH \"\?$s\"\?\$" "$man" && ok || bad "the man page has no $s section"
done

if command -v mandoc >/dev/null; then
  out=$(mandoc -T lint "$man" 2>&1)
  [ -z "$out" ] && ok || bad "mandoc -T lint: $out"
elif command -v groff >/dev/null; then
  echo "note: mandoc is missing (bash .ci/deps.sh --test); linting with groff only"
else
  echo "SKIP: neither mandoc nor groff is installed (bash .ci/deps.sh --test)"; exit 77
fi
if command -v groff >/dev/null; then
  out=$(groff -man -ww -z "$man" 2>&1)
  [ -z "$out" ] && ok || bad "groff -ww: $out"
fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
