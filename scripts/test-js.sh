#!/usr/bin/env bash
# Packs pkg/ with npm, installs the tarball into a throwaway consumer project, and runs the Node
# integration tests (tests/js) against real r-nacos servers on 127.0.0.1. Needs `make pkg` first.
# Arguments, if any, are the test files to run instead of all of tests/js/*.test.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

log() { printf '[test-js] %s\n' "$*"; }

if [ ! -f pkg/node/nacos_wasm.js ]; then
  echo "pkg/node is missing: run 'make pkg' (or scripts/build-pkg.sh) first" >&2
  exit 1
fi
if ! command -v rnacos >/dev/null 2>&1 && [ -z "${RNACOS_BIN:-}" ]; then
  echo "rnacos not found: run 'make setup' (cargo install rnacos) or set RNACOS_BIN" >&2
  exit 1
fi

# NACOS_JS_TEST_DIR lets two runs (say, two work trees' helpers) use separate throwaway folders.
work="${NACOS_JS_TEST_DIR:-$PWD/target/js-test}"
consumer="$work/consumer"
rm -rf "$work"
mkdir -p "$work/pack" "$consumer" "$work/logs"

# The tarball is exactly what `npm publish` would upload, so the tests see only the files it ships.
tarball=$(npm pack --silent --pack-destination "$work/pack" ./pkg </dev/null | tail -n 1)
log "packed $tarball ($(wc -c < "$work/pack/$tarball") bytes)"

cat > "$consumer/package.json" <<'JSON'
{ "name": "nacos-wasm-consumer", "version": "0.0.0", "private": true }
JSON
# ESM is resolved relative to the importing module, so the tests import through this file.
cat > "$consumer/esm-entry.mjs" <<'JS'
export * from 'nacos-wasm';
export { default } from 'nacos-wasm';
JS
# A local tarball with no dependencies: no registry traffic, and no prompts with CI=true.
(cd "$consumer" && npm install --offline --no-audit --no-fund --no-package-lock --loglevel=error \
  "$work/pack/$tarball" </dev/null)

# The published .d.ts, as a TypeScript user sees it: every option, method, event and error field.
log "type-checking tests/types/consumer.ts with tsc --strict"
cp tests/types/consumer.ts tests/types/tsconfig.json "$consumer/"
tsc -p "$consumer/tsconfig.json"

export NACOS_WASM_CONSUMER="$consumer"
export NACOS_JS_LOG_DIR="$work/logs"
log "running tests/js (r-nacos logs in target/js-test/logs)"
start=$SECONDS
status=0
if [ $# -eq 0 ]; then set -- tests/js/*.test.mjs; fi
node --unhandled-rejections=strict --test --test-concurrency=1 --test-reporter=spec "$@" </dev/null ||
  status=$?
log "finished in $((SECONDS - start)) s (exit $status)"
exit "$status"
