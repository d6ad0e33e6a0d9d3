#!/usr/bin/env bash
# Cross-target lint and type check: every target devprobe ships on must compile, and its
# OS-specific backend (src/source/live/<os>.rs) must be clippy-clean, even though this machine
# only runs the Linux one. Run from the repository root: bash .ci/targets.sh
#
# Each target gets `cargo clippy --all-targets -- -D warnings` and `cargo check --all-targets`.
# Neither links, so no cross linker or SDK is needed: tests, examples and dev-dependencies are
# type-checked for every target too. (The Windows run under Wine, which does link, lives in
# .ci/windows.sh.)
#
# x86_64-unknown-freebsd stands for every target without a live backend: it compiles the
# platform-less fallback (src/source/live/unsupported.rs). It gets the same checks with dead code
# allowed, because helpers that only OS backends call (e.g. `SourceError::from_io`) are unused
# there by design. (wasm32-unknown-unknown would do too, but if-addrs does not build for it yet.)
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
# Targets without a live backend (see above).
fallback_targets=(
  x86_64-unknown-freebsd
)

installed="$(rustup target list --installed)"
missing=()
for t in "${targets[@]}" "${fallback_targets[@]}"; do
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
for t in "${fallback_targets[@]}"; do
  printf '\n-- %s (live fallback): cargo clippy --all-targets -- -D warnings -A dead_code\n' "$t"
  if ! cargo clippy --quiet --all-targets --target "$t" -- -D warnings -A dead_code; then
    failed+=("$t (clippy)")
  fi
  printf -- '-- %s (live fallback): cargo check --all-targets\n' "$t"
  if ! cargo check --quiet --all-targets --target "$t"; then
    failed+=("$t (check)")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  printf '\ncross-target checks failed: %s\n' "${failed[*]}"
  exit 1
fi
printf '\ncross-target checks passed: %s\n' "${targets[*]} ${fallback_targets[*]}"
