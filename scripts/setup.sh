#!/usr/bin/env bash
# Installs every tool the build and tests need, skipping whatever is already there.
# Safe to run again and again; CI runs it on a clean machine with no standard input.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p; s/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' Cargo.toml | head -1)
RNACOS_VERSION=0.8.8
WASM_PACK_VERSION=0.15.1

log() { printf '[setup] %s\n' "$*"; }
has() { command -v "$1" >/dev/null 2>&1; }
export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# Downloads (Debian packages, npm) run in the background while cargo compiles: a cold machine spends
# most of its setup compiling, and these need the network, not the CPU.
pids=()
# Headless Chromium for the browser tests (wasm-pack test --chrome and Playwright): Debian's packages,
# since nothing can be downloaded from Google here.
if ! has chromium || ! has chromedriver; then
  log "installing Debian chromium and chromium-driver"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo -n"; fi
  ( $sudo apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium chromium-driver \
      </dev/null >/dev/null ) &
  pids+=($!)
fi

# Node packages: wasm-opt (binaryen), and the runtimes and tools the tests drive (deno, wrangler +
# miniflare for workerd, vite, playwright-core, typescript, nacos-naming), exactly as package-lock.json says.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm dev dependencies"
  npm ci --no-audit --no-fund --loglevel=error </dev/null &
  pids+=($!)
fi

# wasm-bindgen-cli must match the crate version exactly; --locked breaks the build here.
if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  cargo install --force wasm-bindgen-cli@"$WASM_BINDGEN_VERSION"
fi

if ! has wasm-pack; then
  log "installing wasm-pack $WASM_PACK_VERSION"
  cargo install wasm-pack@"$WASM_PACK_VERSION"
fi

# The real server the tests run against (about 7 minutes to build the first time).
if ! has rnacos; then
  log "installing rnacos $RNACOS_VERSION"
  cargo install rnacos@"$RNACOS_VERSION"
fi

status=0
for pid in "${pids[@]}"; do wait "$pid" || status=$?; done
if [ "$status" -ne 0 ]; then
  log "installing chromium or the npm packages failed (exit $status)"
  exit "$status"
fi
log "all tools present"
