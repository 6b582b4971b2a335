// nacos-wasm for Node ESM: the CommonJS build re-exported, so `import` and `require` in one process
// share one module instance (no dual-package hazard).
import cjs from '../node/nacos_wasm.js';

export const { NacosNamingClient } = cjs;
export default cjs;
