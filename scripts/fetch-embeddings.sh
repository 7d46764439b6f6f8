#!/usr/bin/env bash
# Unpacks the pretrained word vectors that Russian's entity model groups into
# word clusters (`enrich-lab train-ner --embeddings`): Navec's news vectors
# (250,000 lowercase words, 300 dimensions, product-quantized; trained by
# Alexander Kukushkin on about a billion tokens of Russian news), as shipped
# in the PyPI wheel natasha==1.6.0 (MIT; notice in
# crates/nlp/assets/models/NOTICE-navec.md). Only the derived cluster ids are
# embedded in the model, never the vectors.
# Usage: scripts/fetch-embeddings.sh   (writes target/embeddings/navec-news-v1/)
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/embeddings/navec-news-v1
if [ -s "$out/pq.bin" ] && [ -s "$out/vocab" ]; then
    echo "$out is already unpacked"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m pip download --quiet --no-deps --only-binary :all: -d "$tmp" natasha==1.6.0
python3 -m zipfile -e "$tmp"/natasha-1.6.0-py3-none-any.whl "$tmp/wheel"
mkdir -p "$out"
tar -xf "$tmp/wheel/natasha/data/emb/navec_news_v1_1B_250K_300d_100q.tar" -C "$out"
gunzip -c "$out/vocab.bin" > "$out/vocab"
rm "$out/vocab.bin"
cp "$tmp/wheel/natasha-1.6.0.dist-info/LICENSE" "$out/LICENSE"
sha256sum "$out/pq.bin" "$out/vocab"
