#!/usr/bin/env bash
# Builds the npm package into pkg/: one release wasm build, wasm-bindgen per target, wasm-opt -Oz,
# then prints the raw and gzip size of each .wasm.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

cargo build --quiet --lib --release --target wasm32-unknown-unknown
wasm=target/wasm32-unknown-unknown/release/nacos_wasm.wasm

# Generated folders only; pkg/package.json and the runtime entries in pkg/entries are tracked.
# node/: CommonJS for Node (require, and the ESM entry re-exports it).
# web/: one ES module build shared by the browser, Deno and workerd entries, which differ only in
# how they hand it the compiled wasm.
rm -rf pkg/node pkg/web
wasm-bindgen --target nodejs --out-dir pkg/node --out-name nacos_wasm "$wasm"
wasm-bindgen --target web --out-dir pkg/web --out-name nacos_wasm "$wasm"
# The JS snippets (src/host/*.js) are ES modules; the CommonJS build requires them, so its copies
# become CommonJS: Node 18 and most of 20 cannot require() an ES module.
node -e '
  const fs = require("fs"), path = require("path");
  const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]);
  const dir = "pkg/node/snippets";
  for (const file of fs.existsSync(dir) ? walk(dir) : []) {
    let text = fs.readFileSync(file, "utf8");
    const names = [];
    text = text.replace(/^export (class|function) (\w+)/gm, (_, kind, name) => (names.push(name), `${kind} ${name}`));
    if (/^\s*(import|export)\b/m.test(text)) { console.error(`${file}: only "export class/function" is supported`); process.exit(1); }
    fs.writeFileSync(file, `${text}\nmodule.exports = { ${names.join(", ")} };\n`);
  }'
# Without this, Deno and other tools would read web/*.js as CommonJS (the package has no "type").
printf '{ "type": "module" }\n' > pkg/web/package.json

# The features rustc enables by default for wasm32-unknown-unknown; all run in Node 18+, Deno,
# workerd and current browsers.
features=(--enable-bulk-memory --enable-mutable-globals --enable-nontrapping-float-to-int
  --enable-sign-ext --enable-reference-types --enable-multivalue)
for file in pkg/*/nacos_wasm_bg.wasm; do
  wasm-opt -Oz "${features[@]}" "$file" -o "$file"
done

# Only node/nacos_wasm.d.ts is published as types (every entry points at it). The others describe
# raw wasm exports and init functions in `any`, which no user imports.
rm -f pkg/web/nacos_wasm.d.ts pkg/*/nacos_wasm_bg.wasm.d.ts

# wasm-bindgen's classes declare [Symbol.dispose](); without this line a TypeScript user whose `lib`
# lacks esnext.disposable gets an error from our .d.ts.
for dts in pkg/*/nacos_wasm.d.ts; do
  printf '/// <reference lib="esnext.disposable" />\n%s\n' "$(cat "$dts")" > "$dts"
done

cp README.md pkg/README.md
node -e '
  const pkg = require("./pkg/package.json");
  const cargo = require("fs").readFileSync("Cargo.toml", "utf8").match(/^version = "(.*)"/m)[1];
  if (pkg.version !== cargo) { console.error(`pkg/package.json version ${pkg.version} != Cargo.toml ${cargo}`); process.exit(1); }'

for file in pkg/*/nacos_wasm_bg.wasm; do
  raw=$(wc -c < "$file"); gz=$(gzip -9 -c "$file" | wc -c)
  awk -v f="$file" -v r="$raw" -v g="$gz" \
    'BEGIN { printf "[build] %-32s raw %7d B (%5.1f KiB)  gzip %6d B (%5.1f KiB)\n", f, r, r/1024, g, g/1024 }'
done
