#!/usr/bin/env bash
# Benchmarks, kept compiling and running (no thresholds: benchmarks are not timed tests), and
# the no-spawn check under strace. Called by .ci/run when present:
#   bash .ci/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
step() { printf '\n== %s\n' "$*"; }

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  need=()
  command -v strace >/dev/null || need+=(strace)
  command -v valgrind >/dev/null || need+=(valgrind)
  if [ ${#need[@]} -gt 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
fi

step "no process spawned during collect (strace -f)"
cargo test -q --test no_spawn -- --nocapture

step "benches: each benchmark once (divan --test), allocation per collect"
(cd benches && cargo bench -q --locked --bench collect -- --test)

step "benches: instruction counts (callgrind, 2 collects per mode)"
bash benches/instructions.sh 2

step "benches: footprint"
bash benches/footprint.sh

step "benches: change feed latency and idle CPU (root: a network namespace; 10 s idle here)"
if [ "$(id -u)" = 0 ] && command -v ip >/dev/null; then
  (cd benches && cargo build -q --release --locked --bin feed_latency)
  IDLE_SECS=10 benches/target/release/feed_latency
elif [ "${CI:-}" = true ]; then
  echo "the feed benchmark needs root and iproute2 under CI"; exit 1
else
  echo "skipped: the feed benchmark needs root and iproute2"
fi
