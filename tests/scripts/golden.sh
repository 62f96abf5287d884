#!/usr/bin/env bash
# Golden transcripts: every scripted path of every bundled scenario is played
# in the terminal and compared byte for byte with tests/golden/ID-NAME.txt.
# UPDATE_GOLDEN=1 rewrites the files (review the diff before committing).
set -uo pipefail
: "${LEFTSR:?}" "${SRC:?}"
cd "$SRC"
pass=0; fail=0
for paths in tests/scenarios/paths/*.json; do
  id=$(basename "$paths" .json)
  n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$paths")
  for ((i = 0; i < n; i++)); do
    read -r name seed choices < <(python3 -c '
import json, sys
p = json.load(open(sys.argv[1]))[int(sys.argv[2])]
print(p["name"], p.get("seed", 1), ",".join(p["choices"]))' "$paths" "$i")
    golden="tests/golden/$id-$name.txt"
    out=$(COLUMNS=80 "$LEFTSR" play --text --no-save --seed "$seed" --choices "$choices" "scenarios/$id.json" </dev/null 2>&1)
    rc=$?
    if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
      printf '%s\n' "$out" > "$golden"
    fi
    if [ $rc -ne 0 ]; then
      echo "FAIL $id/$name: exit $rc"; fail=$((fail + 1)); continue
    fi
    if [ ! -f "$golden" ]; then
      echo "FAIL $id/$name: no golden file $golden (run with UPDATE_GOLDEN=1)"; fail=$((fail + 1)); continue
    fi
    if diff -u "$golden" <(printf '%s\n' "$out") > /tmp/leftsr-golden-diff.$$; then
      pass=$((pass + 1))
    else
      echo "FAIL $id/$name: transcript differs from $golden:"; head -40 /tmp/leftsr-golden-diff.$$
      fail=$((fail + 1))
    fi
  done
done
rm -f /tmp/leftsr-golden-diff.$$
[ $((pass + fail)) -gt 0 ] || { echo "no scripted paths found"; fail=1; }
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
