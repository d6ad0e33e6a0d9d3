#!/usr/bin/env bash
# The C ABI (crates/devprobe-ffi) and the packages: run from anywhere, `bash .ci/ffi.sh`.
#   1. fmt and clippy (-D warnings) of the ffi crate;
#   2. `cargo test -p devprobe-ffi`: the committed header equals a fresh cbindgen generation
#      (cbindgen is a dev-dependency, used as a library: no CLI to install), the C tests in
#      crates/devprobe-ffi/tests/c built with `cc -Wall -Wextra -Werror` and run plain and under
#      `valgrind --error-exitcode=1 --leak-check=full` (definitely/indirectly lost blocks fail;
#      with CI=true a missing cc, c++ or valgrind fails instead of skipping), the C++17 header
#      check, the README's C and C++ examples, and the subscription unsubscribe rules;
#   3. the ffi crate type-checks (clippy -D warnings) for Android, iOS and Windows;
#   4. `cargo package --workspace`, verifying: each publishable crate is built from its .crate
#      alone. devprobe-ffi depends on the unpublished devprobe by path + version; cargo verifies
#      it against the devprobe .crate packaged in the same run (a temporary local registry), so
#      no --no-verify is needed. Outside CI, --allow-dirty lets it run on a work tree.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
step() { printf '\n== ffi: %s\n' "$*"; }

step "setup"
need=()
command -v cc >/dev/null || need+=(gcc)
command -v c++ >/dev/null || need+=(g++)
command -v valgrind >/dev/null || need+=(valgrind)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "missing ${need[*]} and cannot apt-get install them" >&2
    exit 1
  fi
fi
targets=(aarch64-linux-android aarch64-apple-ios x86_64-pc-windows-gnu)
installed="$(rustup target list --installed)"
for t in "${targets[@]}"; do
  grep -qx "$t" <<<"$installed" || rustup target add "$t"
done

step "cargo fmt --all --check"
cargo fmt --all --check

step "cargo clippy -p devprobe-ffi --all-targets -- -D warnings"
cargo clippy -p devprobe-ffi --all-targets -- -D warnings

step "cargo test -p devprobe-ffi (header drift, C tests + valgrind, C++ header, README examples)"
cargo test -p devprobe-ffi -- --nocapture

step "cargo doc --no-deps -p devprobe-ffi (warnings are errors)"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps -p devprobe-ffi

for t in "${targets[@]}"; do
  step "cargo clippy -p devprobe-ffi --lib --target $t -- -D warnings (type-check, no link)"
  cargo clippy -p devprobe-ffi --lib --target "$t" -- -D warnings
done

step "cargo package -p devprobe -p devprobe-ffi (verifying the publishable crates; the JNI, web and test crates are publish = false)"
dirty=()
[ "${CI:-}" = true ] || dirty=(--allow-dirty)
cargo package -p devprobe -p devprobe-ffi "${dirty[@]}" 2>&1 | { grep -v '^warning: ignoring test' || true; }
echo "packages: $(ls target/package/*.crate | xargs -n1 basename | tr '\n' ' ')"

echo
echo "ffi checks passed"
