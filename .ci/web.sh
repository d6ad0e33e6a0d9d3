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
  # Only what is missing: a Node.js from another source (NodeSource's bundles npm and conflicts
  # with Debian's npm package) is kept as it is.
  packages=()
  command -v chromium >/dev/null || packages+=(chromium)
  command -v chromedriver >/dev/null || packages+=(chromium-driver)
  command -v node >/dev/null || packages+=(nodejs)
  command -v npm >/dev/null || packages+=(npm)
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
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

step "core and devprobe-web: clippy for wasm32-unknown-unknown"
cargo clippy --quiet --target wasm32-unknown-unknown -p devprobe --lib -- -D warnings
cargo clippy --quiet --target wasm32-unknown-unknown -p devprobe-web --all-targets -- -D warnings

step "devprobe-web: wasm-bindgen-test in headless Chromium (chromedriver)"
# webdriver.json (crates/devprobe-web) gives Chromium's flags; chromedriver starts each run on a
# fresh temporary profile.
(
  cd crates/devprobe-web
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=120 \
    cargo test --target wasm32-unknown-unknown
)

step "bindings/web: the wasm build (wasm-bindgen --target web)"
cargo build --quiet --release --target wasm32-unknown-unknown -p devprobe-web
target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
wasm-bindgen --target web --out-dir bindings/web/pkg \
  "$target_dir/wasm32-unknown-unknown/release/devprobe_web.wasm"

step "bindings/web: npm ci, types, Node tests (mini-program adapter on a simulated wx, through the core)"
(
  cd bindings/web
  npm ci --no-audit --no-fund --loglevel=error
  npx tsc -p .
  npm test
)

step "bindings/web: Playwright e2e in headless Chromium (examples/web/index.html)"
(
  cd bindings/web
  npm run test:browser
)
ls -la target/web-e2e.png
