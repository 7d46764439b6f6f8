#!/usr/bin/env bash
# Retrains the embedded named-entity models from ../shared/data (research-only
# corpora: read here, never copied into the project) and evaluates each on its
# dev split end to end, recording the score in the model card (GetInfo reports
# it). Deterministic: the same data and seed give the same model files.
#
# Each language's settings (scripts/ner-recipe.sh) were chosen by 3-fold
# cross-validation on its training data (scripts/cv-ner.sh; numbers in
# docs/entities.md), never on dev: a change is taken only when it wins in
# every fold.
# Usage: scripts/train-ner.sh [lang ...]   (default: all nine)
set -euo pipefail
cd "$(dirname "$0")/.."
data=../shared/data/ner
cargo build --release --locked -p enrich-lab
bin=target/release/enrich-lab
# Each language's settings are in scripts/ner-recipe.sh; the dev file is
# read once, after training, into the model card.
langs=("$@")
[ ${#langs[@]} -gt 0 ] || langs=(en de fr es it pt nl pl ru)
for lang in "${langs[@]}"; do
    case "$lang" in
        en) dev=$data/conll2003/dev.docs.jsonl ;;
        de) dev=$data/conll2003_de/dev.docs.jsonl ;;
        es | nl) dev=$data/conll2002/${lang}_dev.docs.jsonl ;;
        *) dev=$data/wikineural/${lang}_dev.docs.jsonl ;;
    esac
    mapfile -t args < <(scripts/ner-recipe.sh "$lang")
    [ ${#args[@]} -gt 0 ] || exit 2
    "$bin" train-ner --lang "$lang" "${args[@]}" --dev "$dev"
done
# Rebuild so the service embeds the new models.
cargo build --release --locked --bin enrich
