#!/usr/bin/env bash
# Cross-target lint and type check: every target devprobe ships on must compile, and its
# OS-specific backend (src/source/live/<os>.rs) must be clippy-clean, even though this machine
# only runs the Linux one. Run from the repository root: bash .ci/targets.sh
#
# Each target gets `cargo clippy --all-targets -- -D warnings` and `cargo check --all-targets`.
# Neither links, so no cross linker or SDK is needed: tests, examples and dev-dependencies are
# type-checked for every target too. (The Windows run under Wine, which does link, lives in
# .ci/windows.sh.)
set -euo pipefail
cd "$(dirname "$0")/.."

targets=(
  aarch64-linux-android
  x86_64-pc-windows-gnu
  x86_64-pc-windows-msvc
  aarch64-apple-darwin
  aarch64-apple-ios
  x86_64-unknown-linux-musl
)

installed="$(rustup target list --installed)"
missing=()
for t in "${targets[@]}"; do
  grep -qx "$t" <<<"$installed" || missing+=("$t")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "rustup target add ${missing[*]}"
  rustup target add "${missing[@]}"
fi

failed=()
for t in "${targets[@]}"; do
  printf '\n-- %s: cargo clippy --all-targets -- -D warnings\n' "$t"
  if ! cargo clippy --quiet --all-targets --target "$t" -- -D warnings; then
    failed+=("$t (clippy)")
  fi
  printf -- '-- %s: cargo check --all-targets\n' "$t"
  if ! cargo check --quiet --all-targets --target "$t"; then
    failed+=("$t (check)")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  printf '\ncross-target checks failed: %s\n' "${failed[*]}"
  exit 1
fi
printf '\ncross-target checks passed: %s\n' "${targets[*]}"
