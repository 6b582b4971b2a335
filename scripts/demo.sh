#!/usr/bin/env bash
# Runs the demo once pkg/ is built (`make demo` builds it first): r-nacos on 127.0.0.1:${NACOS_PORT:-8848}
# and the browser dashboard on http://127.0.0.1:${DEMO_PORT:-8080}/ until Ctrl-C (or DEMO_SECONDS).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
for built in pkg/node/nacos_wasm.js pkg/web/nacos_wasm_bg.wasm; do
  if [ ! -f "$built" ]; then
    echo "demo: $built is missing: run 'make demo' (or 'make pkg' first)" >&2
    exit 1
  fi
done
# exec: Ctrl-C and SIGTERM reach node directly, which then stops everything it started.
exec node scripts/demo.mjs
