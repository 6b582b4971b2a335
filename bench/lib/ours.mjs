// Paths to the package under test (the repo's built pkg/) and a wait for it: another engineer may be
// rebuilding pkg/ while a benchmark starts.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const pkgDir = path.join(repoRoot, 'pkg');
export const cjsEntry = path.join(pkgDir, 'node', 'nacos_wasm.js');
export const esmEntry = path.join(pkgDir, 'entries', 'node.mjs');
const wasmFile = path.join(pkgDir, 'node', 'nacos_wasm_bg.wasm');

/** Waits (up to `timeoutMs`) until pkg/ has both builds, as `make pkg` leaves it. */
export async function waitForPkg(timeoutMs = 120000) {
  const needed = [cjsEntry, wasmFile, path.join(pkgDir, 'web', 'nacos_wasm_bg.wasm'), path.join(pkgDir, 'web', 'nacos_wasm.js')];
  const deadline = Date.now() + timeoutMs;
  while (!needed.every((f) => fs.existsSync(f))) {
    if (Date.now() > deadline) throw new Error(`pkg/ is not built (missing ${needed.filter((f) => !fs.existsSync(f)).join(', ')}): run make pkg`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Identifies the build measured (size and mtime of the wasm), so a rebuild during a run can be noticed. */
export function buildStamp() {
  const stat = fs.statSync(wasmFile);
  return `${stat.size} bytes, built ${stat.mtime.toISOString()}`;
}

/** The client class, loaded as `require('nacos-wasm')` would (the nodejs-target CommonJS build). */
export function loadOurs() {
  return createRequire(import.meta.url)(cjsEntry).NacosNamingClient;
}
