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
