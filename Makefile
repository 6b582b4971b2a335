# nacos-wasm: `make demo` and `make test` do everything on a fresh machine (scripts/setup.sh installs
# what is missing). Every target is phony: make always rebuilds, cargo and npm skip what is current.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/node_modules/.bin:$(PATH)

.PHONY: all setup pkg lint test test-rust test-wasm test-js test-fuzz fuzz demo bench clean

all: pkg

## Install every tool the build and tests need (idempotent).
setup:
	@scripts/setup.sh

## Build the npm package into pkg/ (wasm-bindgen + wasm-opt), printing wasm sizes.
pkg: setup
	@scripts/build-pkg.sh

## Formatting and clippy, for the native core and the wasm build.
lint: setup
	cargo fmt --check
	cargo clippy --quiet --all-targets -- -D warnings
	cargo clippy --quiet --lib --target wasm32-unknown-unknown -- -D warnings

## Native unit tests of the pure core.
test-rust: setup
	cargo test --quiet

## The wasm boundary, run by wasm-bindgen-test in Node and in headless Chromium.
test-wasm: setup
	@scripts/test-wasm.sh

## The packed npm package, installed as a user would, against a real r-nacos on 127.0.0.1.
test-js: pkg
	@scripts/test-js.sh

## A brief run of every cargo-fuzz target (reply and server-address parsers), 10 s each.
test-fuzz:
	@scripts/fuzz.sh 10

## Fuzz longer, on demand: FUZZ_SECONDS per target (default 300).
fuzz:
	@scripts/fuzz.sh $(or $(FUZZ_SECONDS),300)

## Everything CI runs.
test: lint test-rust test-wasm test-js test-fuzz

## Local r-nacos servers (a 2-node cluster), the browser dashboard on http://127.0.0.1:$${DEMO_PORT:-8080}/
## and two demo instances registered from Node; Ctrl-C stops it all.
demo: pkg
	@scripts/demo.sh

## Benchmarks against a real r-nacos on 127.0.0.1, beside raw fetch and nacos-naming: writes bench/RESULTS.md.
bench: pkg
	node bench/run.mjs

clean:
	cargo clean
	rm -rf pkg/node pkg/web pkg/README.md tests/output
