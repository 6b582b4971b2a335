// @ts-self-types="../node/nacos_wasm.d.ts"
// nacos-wasm for Cloudflare Workers (workerd): wrangler and workerd turn a .wasm import into a
// compiled WebAssembly.Module, and Workers forbid compiling wasm from bytes at run time.
import wasmModule from '../web/nacos_wasm_bg.wasm';
import { initSync, NacosNamingClient } from '../web/nacos_wasm.js';

initSync({ module: wasmModule });

export { NacosNamingClient };
