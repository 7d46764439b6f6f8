#!/usr/bin/env bash
# Runs scripts/attack.py (the hardening findings of issue 21, one scenario at
# a time) against a release build, on loopback only. Arguments name
# scenarios; none runs them all (about five minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --bin enrich
venv=target/attack-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet grpcio==1.85.1 h2==4.4.1
fi
exec "$venv/bin/python" scripts/attack.py "$@"
