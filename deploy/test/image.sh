#!/usr/bin/env bash
# Builds the runtime image from a statically linked release binary with
# podman (deploy/Containerfile.prebuilt, FROM scratch: nothing is pulled),
# runs it, and calls it: health must be SERVING and one Enrich must succeed;
# metrics must be scraped. Fails loudly, never skips, when a step cannot run.
set -euo pipefail
cd "$(dirname "$0")/../.."

fail() { echo "image test FAILED: $*" >&2; exit 1; }

if ! command -v podman >/dev/null || ! command -v runc >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "installing podman and runc from Debian"
        apt-get update -q >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q podman runc >/dev/null
    else
        fail "podman and runc are needed (Debian: apt-get install podman runc) and this user cannot install them"
    fi
fi
grpcurl=${GRPCURL:-.venv/bin/grpcurl}
[ -x "$grpcurl" ] || fail "grpcurl not found at $grpcurl (scripts/test.sh installs it)"

# podman on these machines: runc, cgroupfs, no default ulimits.
work=$(mktemp -d)
name=enrich-image-test-$$
trap 'podman --runtime runc rm -f "$name" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
cat > "$work/containers.conf" <<CONF
[containers]
default_ulimits = []
[engine]
cgroup_manager = "cgroupfs"
runtime = "runc"
CONF
export CONTAINERS_CONF="$work/containers.conf"

# The binary is stripped below, so it is built without debug info: a smaller
# target/static, which matters on a CI machine short of disk.
CARGO_PROFILE_RELEASE_DEBUG=false RUSTFLAGS="-C target-feature=+crt-static" cargo build --release --locked --bin enrich \
    --target x86_64-unknown-linux-gnu --target-dir target/static
binary=target/static/x86_64-unknown-linux-gnu/release/enrich
# Every check reads a captured string, never a live pipe: with pipefail,
# `producer | grep -q` fails whenever grep exits before the producer is done
# writing (curl then reports "(23) Failed writing body").
linkage="$(file "$binary" 2>/dev/null || true) $(ldd "$binary" 2>&1 || true)"
grep -qE "static|not a dynamic" <<<"$linkage" || fail "$binary is not statically linked: $linkage"
mkdir -p "$work/context"
strip -o "$work/context/enrich" "$binary"

tag=localhost/enrich:test
podman build --quiet -f deploy/Containerfile.prebuilt -t "$tag" "$work/context" >/dev/null || fail "podman build"
size=$(podman image inspect "$tag" --format '{{.Size}}')
echo "image $tag: $((size / 1024 / 1024)) MiB"

port=$((20000 + RANDOM % 20000))
metrics_port=$((port + 1))
podman run -d --name "$name" -p "127.0.0.1:$port:50051" -p "127.0.0.1:$metrics_port:9090" "$tag" >/dev/null \
    || fail "podman run"
user=$(podman inspect "$name" --format '{{.Config.User}}')
[ "$user" = "65532:65532" ] || fail "the container runs as '$user', not the non-root 65532"

for _ in $(seq 1 100); do
    if out=$("$grpcurl" -plaintext -d '{"service":"enrich.v1.EnrichService"}' "127.0.0.1:$port" grpc.health.v1.Health/Check 2>/dev/null); then
        break
    fi
    sleep 0.1
done
grep -q '"SERVING"' <<<"$out" || { podman logs "$name" >&2; fail "health is not SERVING: $out"; }
reply=$("$grpcurl" -plaintext -d '{"document":{"id":"image-test","text":"Seoul extended the pact with Tokyo on Friday."}}' \
    "127.0.0.1:$port" enrich.v1.EnrichService/Enrich) || fail "Enrich call"
grep -q '"id": "image-test"' <<<"$reply" || fail "unexpected Enrich reply: $reply"
grep -q '"name": "Seoul"' <<<"$reply" || fail "Seoul was not found in: $reply"
metrics=$(curl -fsS "http://127.0.0.1:$metrics_port/metrics") || fail "metrics endpoint on :9090 did not answer"
grep -qF 'grpc_server_handled_total{grpc_service="enrich.v1.EnrichService",grpc_method="Enrich",grpc_code="Ok"} 1' <<<"$metrics" \
    || fail "metrics do not count the Enrich call: $(grep grpc_server_handled_total <<<"$metrics" || echo 'no grpc_server_handled_total series')"
podman stop -t 10 "$name" >/dev/null
code=$(podman inspect "$name" --format '{{.State.ExitCode}}')
[ "$code" = 0 ] || fail "the container exited $code after SIGTERM"
echo "image test passed: SERVING, Enrich OK, metrics scraped, clean exit on SIGTERM"
