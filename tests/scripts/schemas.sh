#!/usr/bin/env bash
# The JSON Schemas agree with the program: every bundled scenario and every
# tests/analyze example is valid against scenarios/schema.json, and the
# `analyze --json` reports of the examples (exact and --random, with --var)
# are valid against docs/analyze-output.schema.json. Needs python3 with
# jsonschema; without it the test says so and passes.
set -u
: "${LEFTSR:?}" "${SRC:?}"
cd "$SRC" || exit 2
if ! python3 -c 'import jsonschema' 2>/dev/null; then
  echo "skipped: python3 jsonschema is not installed"; exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
for json in tests/analyze/*.json; do
  name=$(basename "$json" .json)
  "$LEFTSR" analyze "$json" --json > "$tmp/$name.exact.json" 2>/dev/null
  "$LEFTSR" analyze "$json" --json --random 200 > "$tmp/$name.random.json" 2>/dev/null
  var=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["variables"][0]["id"])' "$json")
  "$LEFTSR" analyze "$json" --json --var "$var" > "$tmp/$name.var.json" 2>/dev/null
  n=$((n + 3))
done
python3 - "$tmp" <<'PY'
import glob, json, sys, jsonschema
scen = jsonschema.Draft202012Validator(json.load(open("scenarios/schema.json")))
out = jsonschema.Draft202012Validator(json.load(open("docs/analyze-output.schema.json")))
bad = 0
files = [f for f in sorted(glob.glob("scenarios/*.json")) if not f.endswith(("schema.json", "campaign.json"))]
for f in files + sorted(glob.glob("tests/analyze/*.json")):
    for e in scen.iter_errors(json.load(open(f))):
        print(f"FAIL {f}: {e.message[:200]} at {list(e.absolute_path)}"); bad += 1
for f in sorted(glob.glob(sys.argv[1] + "/*.json")):
    for e in out.iter_errors(json.load(open(f))):
        print(f"FAIL analyze output {f}: {e.message[:200]} at {list(e.absolute_path)}"); bad += 1
print("schemas:", "ok" if not bad else f"{bad} problems")
sys.exit(1 if bad else 0)
PY
