#!/usr/bin/env bash
# Historical vote tallies are numbers a cited source prints, or are marked
# "estimate": see vote_tallies.py. Also checks the checker: an estimated
# tally passes, and the same tally without the mark fails.
set -u
: "${SRC:?}"
here=$(dirname "$0")
python3 "$here/vote_tallies.py"
rc=$?
[ $rc -eq 77 ] && exit 77
est="$SRC/tests/scenarios/good/vote-estimate.json"
if ! python3 "$here/vote_tallies.py" "$est"; then
  echo "FAIL $est: a tally marked \"estimate\": true was refused"; rc=1
fi
tmp=$(mktemp --suffix=.json)
trap 'rm -f "$tmp"' EXIT
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); [s.get("history",{}).pop("estimate",None) for s in d["steps"]]; json.dump(d,open(sys.argv[2],"w"))' "$est" "$tmp"
if python3 "$here/vote_tallies.py" "$tmp" >/dev/null; then
  echo "FAIL $est without \"estimate\": an unsourced tally was accepted"; rc=1
else
  echo "ok: the same tally without \"estimate\" is refused"
fi
exit $rc
