#!/usr/bin/env python3
"""A vote's historical tally (history.yes/no/abstain) is shown to players as
"Historically: N yes, ...", so every one of those numbers must be printed in
a source the step cites. A tally no source prints is accepted only when the
vote's history says "estimate": true (players then read "Estimate (not in the
sources): ..."); otherwise leave the numbers out and keep only
history.result.

    vote_tallies.py [SCENARIO.json ...]   (default: the bundled scenarios)"""
import json, os, re, sys
from source_lib import load_sources, bundled_scenarios

src = load_sources()
# "1,800" and "1800" are the same number.
nums = {k: set(re.findall(r"\d+", re.sub(r"(?<=\d),(?=\d{3}\b)", "", t))) for k, t in src.items()}

files = [(os.path.basename(p)[:-5], p) for p in sys.argv[1:]] or list(bundled_scenarios())
passed = failed = estimated = 0
for name, path in files:
    for i, step in enumerate(json.load(open(path, encoding="utf-8"))["steps"]):
        if step.get("type") != "vote":
            continue
        h = step.get("history", {})
        if h.get("estimate") is True:
            estimated += sum(k in h for k in ("yes", "no", "abstain"))
            continue
        cited = h.get("sources", [])
        for key in ("yes", "no", "abstain"):
            if key not in h:
                continue
            n = str(h[key])
            where = [s for s in cited if n in nums.get(s, set())]
            if where:
                passed += 1
            else:
                failed += 1
                print(f"FAIL {name}.json /steps/{i}/history/{key} = {n}: "
                      f"no cited source ({', '.join(cited) or 'none'}) prints this number")
print(f"{passed} passed, {failed} failed" + (f", {estimated} marked as estimates" if estimated else ""))
sys.exit(1 if failed else 0)
