#!/usr/bin/env bash
# Runs every test: formatting, clippy and buf lint; the Rust unit and
# integration tests of every crate; the grpcurl, Python
# client, metrics and logging tests against the real binary; the Kubernetes
# manifests against the schemas; and the container image under podman.
# Installs the Python tools (tests/python/requirements.txt) into .venv on
# first run, and podman with runc from Debian when missing (as root).
set -euo pipefail
cd "$(dirname "$0")/.."

# A fresh clone gains nothing from incremental caches, which only add to target/.
if [ -n "${CI:-}" ]; then export CARGO_INCREMENTAL=0; fi
# A full run from a fresh clone writes about 2 GB (measured: 1.3 GB
# target/debug, 0.6 GB target/static, 0.2 GB .venv; on CI at most 1.5 GB at
# once); ask for 2.5 GB, with room for the compilers' temporary files, and
# say so up front rather than fail deep inside a C compiler.
need_mb=2500
free_mb=$(df -Pm . | awk 'NR == 2 { print $4 }')
echo "disk: ${free_mb} MB free here; a full test run from a fresh clone needs about ${need_mb} MB"
if [ "${free_mb:-0}" -lt "$need_mb" ] && [ ! -d target/debug ]; then
    echo "warning: less free disk than a fresh test run needs; the build may fail with 'No space left on device'" >&2
fi

# Style and the contract first: they are cheap, and say what to fix.
cargo fmt --all --check
cargo clippy --locked --workspace --all-targets -- -D warnings
tools=.test-tools
buf=$tools/node_modules/.bin/buf
if [ ! -x "$buf" ]; then
    if ! command -v npm >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs npm >/dev/null
    fi
    npm install --prefix "$tools" --silent --no-audit --no-fund @bufbuild/buf@1.75.0
fi
"$buf" lint
# Breaking changes against the previous commit's proto, where history is
# there (a shallow clone or the first commit with buf.yaml has none).
if git rev-parse -q --verify HEAD~1 >/dev/null && git cat-file -e HEAD~1:buf.yaml 2>/dev/null; then
    "$buf" breaking --against '.git#ref=HEAD~1'
fi

cargo test --locked --workspace --lib --bins --tests --examples

cargo build --locked --bin enrich

venv=.venv
requirements=tests/python/requirements.txt
if [ ! -x "$venv/bin/pytest" ] || ! cmp -s "$requirements" "$venv/.installed-requirements"; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
    cp "$requirements" "$venv/.installed-requirements"
fi
# The TLS tests make their certificates with the openssl CLI.
if ! command -v openssl >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q openssl >/dev/null
fi
# The Node.js example client's packages (pinned by its package-lock.json).
if [ ! -d clients/node/node_modules/@grpc/grpc-js ]; then
    npm ci --prefix clients/node --silent --no-audit --no-fund
fi
ENRICH_BIN="$PWD/target/debug/enrich" "$venv/bin/python" -m pytest -q tests/python
# The Python client package, in its own interpreter (the tests above load
# another copy of the same generated stubs).
ENRICH_BIN="$PWD/target/debug/enrich" PYTHONPATH="$PWD/clients/python/src" \
    "$venv/bin/python" -m pytest -q -p no:cacheprovider clients/python/tests

# On CI nothing reads the test build's intermediates from here on: free their
# 1.3 GB before the static build writes its own 0.6 GB.
if [ -n "${CI:-}" ]; then rm -rf target/debug/deps target/debug/build target/debug/incremental target/debug/.fingerprint; fi

# Deployment: every kustomize overlay validates against the Kubernetes
# schemas; the runtime image builds with podman, serves and drains.
GRPCURL="$PWD/.venv/bin/grpcurl" KUBERNETES_VALIDATE="$PWD/.venv/bin/kubernetes-validate" ./deploy/test/manifests.sh
GRPCURL="$PWD/.venv/bin/grpcurl" ./deploy/test/image.sh
