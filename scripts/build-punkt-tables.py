#!/usr/bin/env python3
"""Extracts the abbreviation types and frequent sentence starters of the 20
Punkt models in ../shared/data/sentseg/punkt into
crates/nlp/assets/segment/punkt-tables.tsv, the compact table the segmenter embeds.

Only these lists (and the words Punkt saw after ordinal numbers) are kept (a few hundred words a language, 40 KB in all):
the orthographic context statistics are 21 MB and the segmenter does not use
them. Run from anywhere: python3 scripts/build-punkt-tables.py
"""
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE = os.path.join(ROOT, "..", "shared", "data", "sentseg", "punkt")
TARGET = os.path.join(ROOT, "crates", "nlp", "assets", "segment", "punkt-tables.tsv")

# Punkt model name -> ISO 639-1 code. english_web shares english's
# abbreviations; its 908 starters are mined from web text and noisier.
MODELS = {
    "czech": "cs", "danish": "da", "dutch": "nl", "english": "en", "estonian": "et", "finnish": "fi",
    "french": "fr", "german": "de", "greek": "el", "italian": "it", "malayalam": "ml", "norwegian": "no",
    "polish": "pl", "portuguese": "pt", "russian": "ru", "slovene": "sl", "spanish": "es", "swedish": "sv",
    "turkish": "tr",
}


def clean(words, abbreviations=False):
    out = set()
    for w in words:
        w = w.strip().lower().rstrip(".")
        # Whole words only: no spaces, no stray punctuation-only entries.
        if not w or " " in w or not any(c.isalpha() for c in w):
            continue
        # Punkt's unsupervised counts also flag ordinary long words that
        # happened to precede periods mid-sentence in its training text
        # (Turkish `bulamadı`, Finnish `toissapäiväinen`); real abbreviations
        # are short or dotted.
        if abbreviations and len(w) > 5 and "." not in w:
            continue
        out.add(w)
    return sorted(out)


def main():
    if not os.path.isdir(SOURCE):
        sys.exit(f"missing {SOURCE}: the Punkt models come from ../shared/data")
    rows = []
    for model, code in sorted(MODELS.items(), key=lambda m: m[1]):
        with open(os.path.join(SOURCE, model + ".json"), encoding="utf-8") as f:
            data = json.load(f)
        rows.append(f"{code}\tabbreviations\t{' '.join(clean(data['abbrev_types'], abbreviations=True))}")
        rows.append(f"{code}\tstarters\t{' '.join(clean(data['sent_starters']))}")
        # Words that follow an ordinal number and its period (`3. Oktober`,
        # `5. maddesi`). English writes no ordinal periods, and its list is
        # noise from the training text (`1996. Business`).
        if code != "en":
            after = [b for a, b in data["collocations"] if a == "##number##"]
            rows.append(f"{code}\tafter_numbers\t{' '.join(clean(after))}")
    os.makedirs(os.path.dirname(TARGET), exist_ok=True)
    with open(TARGET, "w", encoding="utf-8") as f:
        f.write("\n".join(rows) + "\n")
    print(f"wrote {TARGET}: {len(MODELS)} languages, {os.path.getsize(TARGET)} bytes")


if __name__ == "__main__":
    main()
