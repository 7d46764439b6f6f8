#!/usr/bin/env bash
# Measures the release server on this machine and writes docs/performance.md:
# start-up to SERVING, gRPC throughput and latency at a few concurrency levels
# (seed-sized and 200-byte documents; unary, batch and stream), peak RSS,
# binary size, and the per-stage benchmarks. Needs ../shared/data. The load
# generator runs on the same machine and takes CPU from the server: numbers
# are conservative, and ratios within one run compare fairly.
set -euo pipefail
cd "$(dirname "$0")/.."
data=../shared/data
seed=$data/seed/gsomia-article.txt
lee=$data/text/lee_background.jsonl
out=docs/performance.md
seconds=${SECONDS_PER_RUN:-5}
port=$((30000 + RANDOM % 20000))
target=http://127.0.0.1:$port

cargo build --release --locked --bin enrich -p enrich -p enrich-lab
bin=target/release/enrich
lab=target/release/enrich-lab

start_ns=$(date +%s%N)
$bin serve --listen 127.0.0.1:$port --metrics-listen off --log-format json 2>/dev/null &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
ready=$($lab bench --target $target --docs "$seed" --requests 0 --concurrency 1)
ready_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
ready=${ready%%$'\n'*}

run() { # label, then bench arguments
    local label=$1; shift
    echo "### $label"
    echo '```'
    $lab bench --target $target --wait-seconds 1 --seconds "$seconds" "$@" | tail -n +2
    echo '```'
}

{
    echo "# Performance"
    echo
    echo "Measured by \`scripts/perf-report.sh\` on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(date -u +%Y-%m-%d)."
    echo "Load generator (\`enrich-lab bench\`) and server share the machine."
    echo
    echo "## Start-up and size"
    echo
    echo "- Launch to first SERVING health answer (including the client's own start): **${ready_ms} ms** (\`$ready\`)."
    echo "- Release binary: $(( $(stat -c %s $bin) / 1024 / 1024 )) MiB with line tables, $(( $(strip -o /tmp/enrich-stripped $bin && stat -c %s /tmp/enrich-stripped) / 1024 / 1024 )) MiB stripped."
    echo
    echo "## Seed-sized documents (6.3 KB news article), unary"
    for c in 1 2 4 8 16; do run "concurrency $c" --docs "$seed" --concurrency $c; done
    echo
    echo "## Seed-sized documents, batch and stream (32 documents per call)"
    for c in 2 4; do run "batch, concurrency $c" --docs "$seed" --mode batch --batch-size 32 --concurrency $c; done
    for c in 2 4; do run "stream, concurrency $c" --docs "$seed" --mode stream --batch-size 32 --concurrency $c; done
    echo
    echo "## Small documents (first 200 bytes of each Lee corpus article), unary"
    for c in 8 16 32; do run "concurrency $c" --docs "$lee" --max-bytes 200 --concurrency $c; done
    echo
    echo "## Memory"
    echo
    echo "Peak RSS of the server after all the runs above: **$(grep VmHWM /proc/$server/status | awk '{print int($2/1024)}') MB** (VmHWM)."
} > "$out.tmp"

kill -TERM $server
wait $server || true
trap - EXIT

{
    echo
    echo "## Pipeline stages, in process, one core (\`cargo bench -p enrich-nlp --bench pipeline\`)"
    echo
    echo '```'
    cargo bench --locked -p enrich-nlp --bench pipeline 2>/dev/null | grep -E '^ *(├|│|╰)|Timer|pipeline'
    echo '```'
} >> "$out.tmp"
mv "$out.tmp" "$out"
echo "wrote $out"
