// Loads nacos-wasm as a user would: from the consumer project scripts/test-js.sh installed the packed tarball into.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The throwaway project with `nacos-wasm` in node_modules (set by scripts/test-js.sh). */
export const consumerDir = path.resolve(
  process.env.NACOS_WASM_CONSUMER || path.join(repoRoot, 'target', 'js-test', 'consumer'),
);

const installed = path.join(consumerDir, 'node_modules', 'nacos-wasm', 'package.json');
if (!fs.existsSync(installed)) {
  throw new Error(
    `nacos-wasm is not installed in ${consumerDir}: run scripts/test-js.sh (or make test-js)`,
  );
}

/**
 * The package through ESM resolution, as `import ... from 'nacos-wasm'` in the consumer project:
 * the import has to happen in a module inside that project for Node to find its node_modules.
 */
export async function importEsm() {
  return import(pathToFileURL(path.join(consumerDir, 'esm-entry.mjs')).href);
}

/** The package through CommonJS resolution, as `require('nacos-wasm')` in the consumer project. */
export function requireCjs() {
  return createRequire(path.join(consumerDir, 'package.json'))('nacos-wasm');
}

/** The client class most tests use: the ESM one. */
export const { NacosNamingClient } = await importEsm();
