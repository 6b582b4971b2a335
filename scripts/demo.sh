#!/usr/bin/env bash
# Runs the demo (after `make pkg`): r-nacos on 127.0.0.1:${NACOS_PORT:-8848} and a heartbeat printer.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
exec node scripts/demo.mjs
