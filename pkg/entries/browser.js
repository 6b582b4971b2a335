// @ts-self-types="../node/nacos_wasm.d.ts"
// nacos-wasm for browsers (and bundlers such as Vite): the wasm is fetched next to this file and
// instantiated by top-level await, so importers need no init call. The literal
// `new URL('…', import.meta.url)` is what bundlers recognise to emit the .wasm as an asset.
import init, { NacosNamingClient } from '../web/nacos_wasm.js';

await init({ module_or_path: new URL('../web/nacos_wasm_bg.wasm', import.meta.url) });

export { NacosNamingClient };
