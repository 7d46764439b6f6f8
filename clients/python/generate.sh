#!/usr/bin/env bash
# Regenerates the enrich.v1 stubs of the Python client from proto/ with
# grpcio-tools (pinned in tests/python/requirements.txt). Run from anywhere:
#   PYTHON=.venv/bin/python clients/python/generate.sh [OUT_DIR]
# OUT_DIR defaults to clients/python/src; the test suite generates into a
# temporary directory and compares, so committed stubs never go stale.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-$here/src}"
python="${PYTHON:-python3}"
mkdir -p "$out"
well_known="$("$python" -c 'import grpc_tools, os; print(os.path.join(os.path.dirname(grpc_tools.__file__), "_proto"))')"
# google/rpc/*.proto come from googleapis-common-protos at run time; only
# enrich.v1 is generated here.
"$python" -m grpc_tools.protoc -I"$root/proto" -I"$well_known" \
    --python_out="$out" --pyi_out="$out" --grpc_python_out="$out" \
    enrich/v1/enrich.proto
printf '"""Generated from proto/enrich/v1 by clients/python/generate.sh."""\n' > "$out/enrich/__init__.py"
printf '"""Generated from proto/enrich/v1 by clients/python/generate.sh."""\n' > "$out/enrich/v1/__init__.py"
