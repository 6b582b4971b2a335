// The installed tarball works through both module systems: `import` and `require('nacos-wasm')`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { consumerDir, importEsm, requireCjs } from './harness/pkg.mjs';
import { startRnacos } from './harness/rnacos.mjs';
import { uniqueName } from './harness/util.mjs';

let server;

before(async () => {
  server = await startRnacos({ label: 'modules' });
});

after(async () => {
  await server?.stop();
});

const installedDir = path.join(consumerDir, 'node_modules', 'nacos-wasm');

test('the package is a real install of the tarball, with its types and wasm', () => {
  // npm installs a tarball by copying: a symlink would mean pkg/ itself is being tested.
  assert.equal(fs.lstatSync(installedDir).isSymbolicLink(), false);
  const manifest = JSON.parse(fs.readFileSync(path.join(installedDir, 'package.json'), 'utf8'));
  assert.equal(manifest.name, 'nacos-wasm');
  for (const file of [manifest.main, manifest.types]) {
    assert.ok(fs.existsSync(path.join(installedDir, file)), `${file} is shipped`);
  }
  for (const dir of ['node', 'web']) {
    assert.ok(fs.existsSync(path.join(installedDir, dir, 'nacos_wasm_bg.wasm')), `${dir}/ has its wasm`);
  }
  const types = fs.readFileSync(path.join(installedDir, manifest.types), 'utf8');
  assert.match(types, /export class NacosNamingClient/);
  assert.match(types, /export interface NacosError extends Error/);
});

test('the exports map has an entry per runtime, in the order resolvers try them, all shipped', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(installedDir, 'package.json'), 'utf8'));
  const root = manifest.exports['.'];
  // Resolvers take the first condition they know: types first, runtimes before the generic ones.
  assert.deepEqual(Object.keys(root), ['types', 'deno', 'workerd', 'browser', 'node', 'default']);
  assert.deepEqual(Object.keys(root.node), ['import', 'require']);
  const targets = [root.types, root.deno, root.workerd, root.browser, root.node.import, root.node.require, root.default];
  for (const target of targets) {
    assert.ok(fs.existsSync(path.join(installedDir, target)), `${target} is shipped`);
  }
  // Every entry a runtime loads as ESM is ESM to Deno and Node too (the package itself is CommonJS).
  for (const dir of ['entries', 'web']) {
    const nested = JSON.parse(fs.readFileSync(path.join(installedDir, dir, 'package.json'), 'utf8'));
    assert.equal(nested.type, 'module', `${dir}/package.json`);
  }
});

test('every shipped .d.ts types the API without any', () => {
  const declarations = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.d.ts')) declarations.push(file);
    }
  };
  walk(installedDir);
  assert.deepEqual(declarations.map((f) => path.relative(installedDir, f)), [path.join('node', 'nacos_wasm.d.ts')]);
  const code = fs.readFileSync(declarations[0], 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  assert.doesNotMatch(code, /\bany\b/);
});

test('ESM import and CommonJS require give the same working class', async () => {
  const esm = await importEsm();
  const cjs = requireCjs();
  assert.equal(typeof esm.NacosNamingClient, 'function');
  assert.equal(typeof cjs.NacosNamingClient, 'function');
  // One wasm instance shared by both, so a process mixing them loads the module once.
  assert.equal(esm.NacosNamingClient, cjs.NacosNamingClient);
  assert.equal(esm.default.NacosNamingClient, cjs.NacosNamingClient);
});

test('require() from a CommonJS consumer registers against the server', async () => {
  const { NacosNamingClient } = requireCjs();
  const client = new NacosNamingClient({ serverList: server.address });
  const service = uniqueName('cjs');
  try {
    await client.registerInstance(service, { ip: '127.0.0.61', port: 28001 });
    assert.ok(await server.findInstance(service, '127.0.0.61', 28001));
  } finally {
    await client.close({ deregister: true });
  }
  assert.deepEqual(await server.listInstances(service), []);
});

/** Runs a script in a fresh Node process whose working directory is the consumer project. */
function runInConsumer(args, script) {
  return execFileSync(process.execPath, [...args, script, server.address, uniqueName('child')], {
    cwd: consumerDir,
    encoding: 'utf8',
    timeout: 20000,
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

const childBody = `
  const client = new NacosNamingClient({ serverList: process.argv[1] });
  await client.registerInstance(process.argv[2], { ip: '127.0.0.62', port: 28002 });
  await client.close({ deregister: true });
  console.log(typeof NacosNamingClient + ' ok');
`;

test("a plain CommonJS script: require('nacos-wasm')", () => {
  const script = `const { NacosNamingClient } = require('nacos-wasm'); (async () => { ${childBody} })()`;
  assert.equal(runInConsumer(['--unhandled-rejections=strict', '-e'], script), 'function ok');
});

test("a plain ES module: import { NacosNamingClient } from 'nacos-wasm'", () => {
  const script = `import { NacosNamingClient } from 'nacos-wasm'; ${childBody}`;
  assert.equal(
    runInConsumer(['--unhandled-rejections=strict', '--input-type=module', '-e'], script),
    'function ok',
  );
});
