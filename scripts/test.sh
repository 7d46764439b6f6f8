#!/usr/bin/env bash
# Runs every test: the Rust unit and integration tests, then the grpcurl and
# Python client tests against the real binary. Installs the Python tools
# (tests/python/requirements.txt) into .venv on first run.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo test --locked --all-targets

cargo build --locked --bin enrich

venv=.venv
requirements=tests/python/requirements.txt
if [ ! -x "$venv/bin/pytest" ] || ! cmp -s "$requirements" "$venv/.installed-requirements"; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
    cp "$requirements" "$venv/.installed-requirements"
fi
ENRICH_BIN="$PWD/target/debug/enrich" "$venv/bin/python" -m pytest -q tests/python
