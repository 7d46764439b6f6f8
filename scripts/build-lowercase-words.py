#!/usr/bin/env python3
"""Builds crates/nlp/assets/segment/lowercase-en.txt: English words that are
written in lowercase mid-sentence, so that a capitalized one after an
abbreviation or an initial starts a new sentence (`at 5 p.m. Dinner
follows`, `Henry I. Another copy`). This is Punkt's orthographic heuristic
with cleaner statistics than NLTK's model (whose WSJ headlines mark `dinner`
and `another` as seen capitalized mid-sentence).

Two sources, both embeddable:
- SCOWL's American English list (Debian `wamerican`, permissive licence,
  see assets/segment/LICENSE-scowl): a word listed only in lowercase is a
  common word; `brown` (also `Brown`) and `rose` (`Rose`) are not taken.
- The US State of the Union addresses (public domain, ../shared/data/text):
  a listed word that appears capitalized after a lowercase word or a comma in
  more than 5 % of its mid-sentence uses is dropped (`army`: the Army,
  `government`: the Government).

Run through scripts/build-lowercase-words.sh, which downloads the list.
"""
import collections
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOTU = os.path.join(ROOT, "..", "shared", "data", "text", "sotu.jsonl")
TARGET = os.path.join(ROOT, "crates", "nlp", "assets", "segment", "lowercase-en.txt")
MAX_CAPITALIZED_SHARE = 0.05


def main():
    dictionary = sys.argv[1]
    with open(dictionary, encoding="utf-8") as f:
        words = {line.strip() for line in f if line.strip()}
    lowercase = {w for w in words if w.isalpha() and w.islower() and w.isascii() and len(w) >= 2}
    lowercase -= {w for w in lowercase if w.capitalize() in words}
    lower, upper = collections.Counter(), collections.Counter()
    with open(SOTU, encoding="utf-8") as f:
        for line in f:
            text = json.loads(line)["text"]
            for m in re.finditer(r"(?<=[a-z,;] )([A-Za-z][a-z]+)\b", text):
                w = m.group(1)
                (upper if w[0].isupper() else lower)[w.lower()] += 1
    dropped = {
        w
        for w in lowercase
        if upper[w] >= 3 and upper[w] > MAX_CAPITALIZED_SHARE * (upper[w] + lower[w])
    }
    kept = sorted(lowercase - dropped)
    with open(TARGET, "w", encoding="utf-8") as f:
        f.write("\n".join(kept) + "\n")
    print(f"{len(kept)} words ({len(dropped)} dropped as often capitalized) -> {TARGET}")


if __name__ == "__main__":
    main()
