#!/usr/bin/env bash
# Retrains the embedded named-entity models from ../shared/data (research-only
# corpora: read here, never copied into the project) and evaluates each on its
# dev split end to end. Deterministic: the same data and seed give the same
# model files.
set -euo pipefail
cd "$(dirname "$0")/.."
data=../shared/data
cargo build --release --bin enrich
bin=target/release/enrich
$bin train-ner --lang en --train $data/ner/conll2003/train.docs.jsonl \
    --unlabeled $data/text/sotu.jsonl --unlabeled $data/text/lee_background.jsonl \
    --dev $data/ner/conll2003/dev.docs.jsonl
$bin train-ner --lang es --train $data/ner/conll2002/es_train.docs.jsonl --dev $data/ner/conll2002/es_dev.docs.jsonl
$bin train-ner --lang nl --train $data/ner/conll2002/nl_train.docs.jsonl --dev $data/ner/conll2002/nl_dev.docs.jsonl
# Rebuild so the binary embeds the new models.
cargo build --release --bin enrich
