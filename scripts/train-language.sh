#!/usr/bin/env bash
# Rebuilds the embedded language model (crates/nlp/assets/language/ngrams.bin)
# from what the package registries serve, then evaluates it:
# - lingua's per-language n-gram tables (crates.io, Apache-2.0), fetched by
#   cargo into its registry cache and found with `cargo metadata`;
# - stopwords-iso's function-word lists (npm, MIT).
# Deterministic: the same inputs give the same file. The settings that turn
# scores into decisions (crates/nlp/src/language/mod.rs, Settings::DEFAULT)
# were chosen with `enrich-lab eval-language --half tune --tune`; the dev half
# is reported once per finished model (docs/language.md).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fetch --manifest-path crates/lab/lingua-models/Cargo.toml
stopwords=target/stopwords-iso
if [ ! -f "$stopwords/package/stopwords-iso.json" ]; then
    mkdir -p "$stopwords"
    (cd "$stopwords" && npm pack --silent stopwords-iso@1.1.0 >/dev/null && tar xzf stopwords-iso-1.1.0.tgz)
fi
cargo build --release --locked -p enrich-lab
target/release/enrich-lab train-language \
    --manifest crates/lab/lingua-models/Cargo.toml \
    --stopwords "$stopwords/package/stopwords-iso.json" \
    --keep 1000,5000,12000,15000,15000
# Rebuild so the lab and the service embed the new model, then evaluate.
cargo build --release --locked -p enrich-lab -p enrich
target/release/enrich-lab eval-language --half dev --per-language
