#!/usr/bin/env bash
# Footprint of devprobe: stripped size added to a binary by one collect(), and the crates in
# the normal dependency tree per target.
#   bash benches/footprint.sh
set -euo pipefail
cd "$(dirname "$0")"
cargo build -q --locked --release --bin footprint_with --bin footprint_without
tmp=$(mktemp -d)
for b in footprint_with footprint_without; do
  cp "target/release/$b" "$tmp/$b"
  strip "$tmp/$b"
done
with=$(stat -c %s "$tmp/footprint_with")
without=$(stat -c %s "$tmp/footprint_without")
rm -rf "$tmp"
printf 'stripped release size: with collect() %d bytes, without %d bytes, increase %d bytes (%d KiB)\n' \
  "$with" "$without" $((with - without)) $(((with - without) / 1024))

# Crates in devprobe's normal dependency tree (distinct name+version), devprobe itself excluded.
cd ..
for t in x86_64-unknown-linux-gnu aarch64-linux-android x86_64-pc-windows-msvc aarch64-apple-darwin; do
  n=$(cargo tree -q -e normal --target "$t" --prefix none --format '{p}' \
      | sed 's/ (.*)$//; s/ (\*)$//' | sort -u | grep -v '^devprobe ' | wc -l)
  printf 'normal dependencies on %-26s %3d crates (devprobe excluded)\n' "$t" "$n"
done
