#!/usr/bin/env bash
# Rebuilds the embedded lexicons under assets/lexicons/ from ../shared/data/lexicons.
set -euo pipefail
cd "$(dirname "$0")/.."
src=../shared/data/lexicons
cp "$src/vader/LICENSE.txt" assets/lexicons/vader/LICENSE.txt
awk -F'\t' '$1 ~ /^[a-z][a-z'"'"'-]*$/ {print $1"\t"$2}' "$src/vader/vader_lexicon.txt" > assets/lexicons/vader/valence.tsv
wc -l assets/lexicons/vader/valence.tsv
