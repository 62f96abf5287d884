#!/usr/bin/env python3
"""Fails when scenario text repeats a source sentence: any run of 12 words
shared with a source document, outside quotation marks. Prints the 8-word
runs it shares too, as places to reread."""
import glob, json, os, re, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from source_lib import sources_dir

src_dir = sources_dir()
if src_dir is None:
    print("SKIP: source documents not found (set LSR_SOURCES, or put shared/sources beside the checkout)")
    sys.exit(77)
files = glob.glob(os.path.join(src_dir, "*.txt"))
if not files:
    print(f"no source documents (*.txt) in {src_dir}")
    print("0 passed, 1 failed")
    sys.exit(1)

def words(t):
    return re.findall(r"[a-z0-9]+", t.lower())

def shingles(w, n):
    return {tuple(w[i:i + n]) for i in range(len(w) - n + 1)}

src_w = [words(open(f, encoding="utf-8").read()) for f in files]
src12 = set().union(*(shingles(w, 12) for w in src_w))
src8 = set().union(*(shingles(w, 8) for w in src_w))

def texts(o):
    if isinstance(o, str):
        yield o
    elif isinstance(o, dict):
        for v in o.values():
            yield from texts(v)
    elif isinstance(o, list):
        for v in o:
            yield from texts(v)

passed = failed = 0
for f in sorted(glob.glob(os.path.join(os.environ["SRC"], "scenarios", "*.json"))):
    if f.endswith("schema.json"):
        continue
    for t in texts(json.load(open(f, encoding="utf-8"))):
        # Quoted words are attributed quotations, allowed.
        unquoted = re.sub(r"['\u2018\u201c\"][^'\u2019\u201d\"]{0,200}['\u2019\u201d\"]", " ", t)
        w = words(unquoted)
        bad = shingles(w, 12) & src12
        if bad:
            failed += 1
            print(f"FAIL {os.path.basename(f)}: copies a source: '{' '.join(sorted(bad)[0])}'")
        else:
            passed += 1
        for g in sorted(shingles(w, 8) & src8):
            print(f"note {os.path.basename(f)}: shares 8 words with a source: '{' '.join(g)}'")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
