#!/usr/bin/env bash
# Fuzzes every parser of server replies and of server addresses with cargo-fuzz (libFuzzer, nightly):
# any input must give a value or a NacosError, never a panic, which in wasm would poison the module.
# Usage: scripts/fuzz.sh [seconds per target, default 20] [target ...]   (`make test` runs it briefly)
# A crash leaves its input in fuzz/artifacts/<target>/; keep it as a #[test] in src/core, then fix the parser.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

seconds="${1:-20}"
shift || true
log() { printf '[fuzz] %s\n' "$*"; }

if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
  echo "usage: scripts/fuzz.sh [seconds per target] [target ...]" >&2
  exit 2
fi
if ! rustup toolchain list | grep -q '^nightly'; then
  log "installing the nightly toolchain (cargo-fuzz needs it for -Zsanitizer)"
  rustup toolchain install nightly --profile minimal
fi
# Idempotent: installed once, skipped afterwards.
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  log "installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi

if [ $# -eq 0 ]; then
  mapfile -t targets < <(cargo +nightly fuzz list --fuzz-dir fuzz)
else
  targets=("$@")
fi

# One build for every target first, so the time limit below is all fuzzing.
log "building ${#targets[@]} targets"
cargo +nightly fuzz build --fuzz-dir fuzz

status=0
for target in "${targets[@]}"; do
  # fuzz/corpus is gitignored and grows run after run; fuzz/seeds (tracked) starts it off.
  mkdir -p "fuzz/corpus/$target" fuzz/artifacts
  log "$target: ${seconds} s"
  if ! cargo +nightly fuzz run --fuzz-dir fuzz "$target" "fuzz/corpus/$target" "fuzz/seeds/$target" -- \
      -max_total_time="$seconds" -dict=fuzz/json.dict -max_len=4096 -timeout=10 \
      -print_final_stats=1 2>"fuzz/artifacts/$target.log"; then
    status=1
    tail -n 40 "fuzz/artifacts/$target.log" >&2
    log "$target FAILED: the input is in fuzz/artifacts/$target/ (log fuzz/artifacts/$target.log)"
  else
    grep -E "stat::number_of_executed_units|cov:" "fuzz/artifacts/$target.log" | tail -n 2 | sed "s/^/[fuzz] $target: /"
    rm -f "fuzz/artifacts/$target.log"
  fi
done
exit "$status"
