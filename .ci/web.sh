#!/usr/bin/env bash
# The web platform: the core compiled for wasm32-unknown-unknown, the npm package's Node tests
# (the WeChat mini-program adapter on a simulated `wx`), and the browser tests in a real headless
# Chromium. Run from the repository root: bash .ci/web.sh
#
# Installs what it needs when missing: Debian's chromium and chromium-driver, the wasm32 rustup
# target, wasm-bindgen-cli compiled from crates.io at exactly the wasm-bindgen version in
# Cargo.lock, and the npm packages from bindings/web/package-lock.json (`npm ci`; playwright-core
# drives the system Chromium and downloads no browser).
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf -- '\n-- %s\n' "$*"; }

step "setup"
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || ! command -v node >/dev/null; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "chromium, chromium-driver and nodejs are needed (Debian packages); install them as root" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver nodejs npm >/dev/null
fi
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi

# The CLI must be the exact version of the wasm-bindgen crate the lockfile pins: the two speak a
# private protocol through the custom sections of the .wasm file.
wb_version="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
if [ -n "$wb_version" ]; then
  have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
  if [ "$have" != "$wb_version" ]; then
    echo "cargo install --locked wasm-bindgen-cli --version $wb_version (had: ${have:-none})"
    cargo install --locked --quiet wasm-bindgen-cli --version "$wb_version"
  fi
fi

step "core: cargo check --target wasm32-unknown-unknown --lib"
cargo check --quiet --target wasm32-unknown-unknown --lib

step "bindings/web: npm ci, types, Node tests (mini-program adapter on a simulated wx)"
(
  cd bindings/web
  npm ci --no-audit --no-fund --loglevel=error
  npx tsc -p .
  npm test
)
