#!/usr/bin/env bash
# Renders the kustomize base and every overlay with kubectl and validates each
# object against the Kubernetes schemas (kubernetes-validate, strict, offline).
set -euo pipefail
cd "$(dirname "$0")/../.."
validate=${KUBERNETES_VALIDATE:-.venv/bin/kubernetes-validate}
version=${KUBERNETES_VERSION:-1.37.0}
command -v kubectl >/dev/null || { echo "manifests test FAILED: kubectl is not installed" >&2; exit 1; }
[ -x "$validate" ] || { echo "manifests test FAILED: $validate not found (scripts/test.sh installs it)" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for dir in deploy/k8s/base deploy/k8s/overlays/*/; do
    name=$(basename "$dir")
    kubectl kustomize "$dir" > "$out/$name.yaml"
    kinds=$(grep -c '^kind:' "$out/$name.yaml")
    "$validate" --strict --quiet -k "$version" "$out/$name.yaml"
    echo "manifests: $dir rendered $kinds objects, all valid for Kubernetes $version (strict)"
done
