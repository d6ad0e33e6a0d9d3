#!/usr/bin/env bash
# The OpenTelemetry mapping (core feature `otel`): its unit tests and doctests, the SDK export
# test (crates/devprobe-otel-tests, in-memory exporter), clippy with the feature, and the
# footprint promise: without the feature, nothing of OpenTelemetry is in the dependency tree.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo test -q -p devprobe --features otel --lib otel
cargo test -q -p devprobe --features otel --doc otel
cargo test -q -p devprobe-otel-tests
cargo clippy -q -p devprobe --features otel --all-targets -- -D warnings
if cargo tree -p devprobe -e all | grep -i opentelemetry; then
  echo "opentelemetry is in devprobe's tree without the otel feature" >&2
  exit 1
fi
echo "otel: ok (no opentelemetry without the feature)"
