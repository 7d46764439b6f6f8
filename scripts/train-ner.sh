#!/usr/bin/env bash
# Retrains the embedded named-entity models from ../shared/data (research-only
# corpora: read here, never copied into the project) and evaluates each on its
# dev split end to end, recording the score in the model card (GetInfo reports
# it). Deterministic: the same data and seed give the same model files.
#
# Each language's settings were chosen by 3-fold cross-validation on its
# training data (scripts/cv-ner.sh; numbers in docs/entities.md), never on
# dev: WikiNEuRal beside CoNLL where it helped in every fold (English,
# German), lighter pruning where it did (French, Italian, Portuguese, Polish,
# Russian).
# Usage: scripts/train-ner.sh [lang ...]   (default: all nine)
set -euo pipefail
cd "$(dirname "$0")/.."
data=../shared/data/ner
cargo build --release --locked -p enrich-lab
bin=target/release/enrich-lab
langs=("$@")
[ ${#langs[@]} -gt 0 ] || langs=(en de fr es it pt nl pl ru)
for lang in "${langs[@]}"; do
    wiki=(--train "$data/wikineural/${lang}_train.docs.jsonl")
    dev=(--dev "$data/wikineural/${lang}_dev.docs.jsonl")
    case "$lang" in
        en)
            args=(--train "$data/conll2003/train.docs.jsonl" "${wiki[@]}"
                --dev "$data/conll2003/dev.docs.jsonl" EN_EXTRA) ;;
        de)
            args=(--train "$data/conll2003_de/train.docs.jsonl" "${wiki[@]}"
                --dev "$data/conll2003_de/dev.docs.jsonl" DE_EXTRA) ;;
        es)
            args=(--train "$data/conll2002/es_train.docs.jsonl"
                --dev "$data/conll2002/es_dev.docs.jsonl" ES_EXTRA) ;;
        nl)
            args=(--train "$data/conll2002/nl_train.docs.jsonl" NL_EXTRA
                --dev "$data/conll2002/nl_dev.docs.jsonl") ;;
        fr | it | pt | pl | ru)
            args=("${wiki[@]}" "${dev[@]}" --prune 0.5) ;;
        *)
            echo "no training recipe for $lang" >&2
            exit 2 ;;
    esac
    "$bin" train-ner --lang "$lang" "${args[@]}"
done
# Rebuild so the service embeds the new models.
cargo build --release --locked --bin enrich
