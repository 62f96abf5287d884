#!/usr/bin/env python3
"""A history note's `sources` list must name exactly the sources its text
(note and disagreement) uses. What a script can check mechanically:

1. named but not cited: the text names a source (its id, "Wikipedia's
   article", "Alpha History", "the encyclopedia entries", "the Spanish/French
   entry", "Trotsky" writing, writes, says, ...) that `sources` leaves out;
2. cited but never named: when a note cites two or more sources, each must
   be named in the text at least once, so a reader can tell which claim
   comes from where;
3. characteristic numbers: a number of two or more digits in the text that
   some source prints but none of the cited sources does;
4. characteristic quotations: words in quotation marks that appear verbatim
   in some source but in none of the cited ones.

What it cannot see: whether a cited source really says what the sentence
beside it claims, facts given in words rather than figures or quotations,
paraphrases, and facts taken from outside the five sources altogether. Those
still need a reader."""
import json, re, sys
from source_lib import load_sources, bundled_scenarios

src = load_sources()
low = {k: re.sub(r"(?<=\d),(?=\d{3}\b)", "", t).lower() for k, t in src.items()}
nums = {k: set(re.findall(r"\d{2,}", t)) for k, t in low.items()}

# How the game's prose names each source. "Trotsky" alone is usually the man,
# not his book, so only Trotsky as an author counts.
NAMES = {
    "wiki-en": [r"\bwiki-en\b", r"\bwikipedia"],
    "alpha": [r"\balpha\b", r"\balpha history"],
    "encyc-es": [r"\bencyc-es\b", r"\bencyclopedia entries\b", r"\bencyclopedias\b", r"\bspanish (encyclopedia )?entr"],
    "encyc-fr": [r"\bencyc-fr\b", r"\bencyclopedia entries\b", r"\bencyclopedias\b", r"\bfrench (encyclopedia )?entr"],
    "trotsky": [r"\btrotsky\b(?:'s)? (?:1918 )?account", r"\btrotsky (?:writes|wrote|says|said|claims|calls|presents|portrays|describes|counts|speaks|places|welcomes|adds|judged|later)",
                r"\(trotsky\)", r"\btrotsky, (?:a |writing|the )"],
}

def named(text):
    t = text.lower()
    return {s for s, pats in NAMES.items() if any(re.search(p, t) for p in pats)}

def quotes(text):
    # 'single' or "double" quoted runs of 2+ words; apostrophes inside words are not quotes.
    for m in re.finditer(r"(?<![A-Za-z])['\u2018\"\u201c]([^'\u2019\"\u201d]{3,200}?)['\u2019\"\u201d](?![A-Za-z])", text):
        q = m.group(1).strip().lower()
        if " " in q:
            yield q

passed = failed = 0
def check(label, cond, msg):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {label}: {msg}")

for name, path in bundled_scenarios():
    for i, step in enumerate(json.load(open(path, encoding="utf-8"))["steps"]):
        h = step.get("history")
        if not h:
            continue
        text = h.get("note", "") + "\n" + h.get("disagreement", "")
        if isinstance(h.get("note"), dict):
            text = json.dumps(h["note"]) + json.dumps(h.get("disagreement", ""))
        cited = set(h.get("sources", []))
        where = f"{name}.json /steps/{i} ({step['id']})"
        n = named(text)
        check(where, n <= cited, f"text names {sorted(n - cited)} but sources lists {sorted(cited)}")
        # With a single source there is no doubt where a claim comes from.
        if len(cited) > 1:
            check(where, cited <= n, f"sources lists {sorted(cited - n)} but the text never names it")
        for num in sorted(set(re.findall(r"\d{2,}", re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)))):
            in_any = [s for s in src if num in nums[s]]
            if in_any:
                check(where, any(num in nums[s] for s in cited),
                      f"the number {num} is printed by {in_any}, none of which is cited")
        for q in quotes(text):
            in_any = [s for s in src if q in low[s]]
            if in_any:
                check(where, any(q in low[s] for s in cited),
                      f"the quotation '{q}' comes from {in_any}, none of which is cited")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
