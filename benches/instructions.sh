#!/usr/bin/env bash
# Instructions per collect, counted by callgrind (they do not vary with machine load; `cold`
# varies by about 1% from run to run with the scheduling of the deadline worker).
#   bash benches/instructions.sh [N]
# Runs the `instructions` driver in each mode (cold, inline, warm, warm_no_cache, floor; or the
# modes in $MODES) with 1 and 1+N iterations and divides the difference by N, so process start-up and one-time set-up cancel out.
set -euo pipefail
cd "$(dirname "$0")"
n=${1:-100}
command -v valgrind >/dev/null || { apt-get update -qq && apt-get install -y -qq valgrind >/dev/null; }
cargo build -q --locked --release --bin instructions
bin=target/release/instructions
total() {
  local out
  out=$(mktemp)
  valgrind --tool=callgrind --callgrind-out-file="$out" "$bin" "$1" "$2" >/dev/null 2>&1
  grep -m1 '^summary:' "$out" | awk '{print $2}'
  rm -f "$out"
}
printf '%-14s %16s\n' mode instructions/collect
for mode in ${MODES:-cold inline warm warm_no_cache floor}; do
  one=$(total "$mode" 1)
  many=$(total "$mode" $((n + 1)))
  printf '%-14s %16d\n' "$mode" $(( (many - one) / n ))
done
