"""Shared helpers for the tests that read the source documents: where they
are, and which file holds which source id (from the sources' README table)."""
import os, re, sys


def sources_dir():
    """$LSR_SOURCES, else $SRC/../shared/sources; None when neither exists."""
    cands = []
    if os.environ.get("LSR_SOURCES"):
        cands.append(os.environ["LSR_SOURCES"])
    if os.environ.get("SRC"):
        cands.append(os.path.join(os.environ["SRC"], "..", "shared", "sources"))
    for c in cands:
        if os.path.isfile(os.path.join(c, "README.md")):
            return c
    return None


def load_sources():
    """{id: text} for every source the README's table names, or exits 77
    (ctest: skipped) when the documents are not on this machine."""
    d = sources_dir()
    if d is None:
        print("SKIP: source documents not found (set LSR_SOURCES, or put shared/sources beside the checkout)")
        sys.exit(77)
    texts = {}
    for line in open(os.path.join(d, "README.md"), encoding="utf-8"):
        m = re.match(r"\|\s*`([a-z0-9-]+)`\s*\|\s*([^|\s]+\.txt)\s*\|", line)
        if m:
            texts[m.group(1)] = open(os.path.join(d, m.group(2)), encoding="utf-8").read()
    if not texts:
        print(f"SKIP: no source table in {d}/README.md")
        sys.exit(77)
    return texts


def bundled_scenarios():
    src = os.environ["SRC"]
    for name in ("coalition", "brest", "july"):
        yield name, os.path.join(src, "scenarios", name + ".json")
