#!/usr/bin/env bash
# Prints `--gazetteer-from FILE` (one line each) for every named-entity
# training file under ../shared/data/ner except those given: the other
# corpora's names, which `enrich-lab train-ner` and `cv-ner` put in the
# gazetteer without training on their text (docs/entities.md, session 23).
# Dev files are never listed. Used by scripts/train-ner.sh and cv-ner.sh.
# Usage: scripts/other-names.sh EXCLUDED_FILE...
set -euo pipefail
cd "$(dirname "$0")/.."
data=../shared/data/ner
for f in "$data"/wikineural/{en,de,fr,es,it,pt,nl,pl,ru}_train.docs.jsonl \
    "$data/conll2003/train.docs.jsonl" "$data/conll2003_de/train.docs.jsonl" \
    "$data"/conll2002/{es,nl}_train.docs.jsonl; do
    skip=
    for x in "$@"; do [ "$f" = "$x" ] && skip=1; done
    [ -n "$skip" ] || printf -- '--gazetteer-from\n%s\n' "$f"
done
