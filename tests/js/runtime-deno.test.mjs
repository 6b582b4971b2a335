// The shared runtime scenario in Deno (npm package `deno`): through an npm: specifier resolved from
// the consumer's node_modules, and through a local path to a copy of the package. Deno gets only
// --allow-net for the server: the wasm arrives by a source-phase import, not a file read.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { consumerDir } from './harness/pkg.mjs';
import { startRnacos } from './harness/rnacos.mjs';
import { assertScenario, copyFixtures } from './harness/scenario.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const deno = path.join(repoRoot, 'node_modules', '.bin', 'deno');

let server;
let dir;
before(async () => {
  server = await startRnacos({ label: 'runtime-deno' });
  dir = copyFixtures('deno', ['scenario.mjs', 'deno/npm-specifier.mjs', 'deno/local-path.mjs']);
  // npm: specifiers resolve from the project's node_modules, as in a Deno project with package.json.
  fs.writeFileSync(path.join(dir, 'deno.json'), JSON.stringify({ nodeModulesDir: 'manual' }));
  fs.cpSync(path.join(consumerDir, 'node_modules', 'nacos-wasm'), path.join(dir, 'vendor', 'nacos-wasm'), {
    recursive: true,
  });
});
after(async () => {
  await server?.stop();
});

async function runDeno(script) {
  const { stdout } = await promisify(execFile)(
    deno,
    ['run', '--no-prompt', `--allow-net=${server.address}`, script, server.address, server.baseUrl],
    { cwd: dir, env: { ...process.env, DENO_DIR: path.join(consumerDir, '.deno-cache'), NO_COLOR: '1' }, timeout: 60000 },
  );
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

test('Deno: import from "npm:nacos-wasm" runs the scenario', async () => {
  assert.ok(fs.existsSync(deno), 'deno is installed (npm ci)');
  assertScenario(await runDeno('npm-specifier.mjs'), 'deno-npm');
});

test('Deno: import from a local path to the package runs the scenario', async () => {
  assertScenario(await runDeno('local-path.mjs'), 'deno-local');
});
