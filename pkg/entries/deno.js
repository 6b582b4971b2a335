// @ts-self-types="../node/nacos_wasm.d.ts"
// nacos-wasm for Deno: a source-phase import compiles the wasm as part of the module graph, so it
// needs no --allow-read and works from npm: specifiers and local paths alike.
import source wasmModule from '../web/nacos_wasm_bg.wasm';
import { initSync, NacosNamingClient } from '../web/nacos_wasm.js';

initSync({ module: wasmModule });

export { NacosNamingClient };
