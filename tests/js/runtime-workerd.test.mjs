// The package in Cloudflare's runtime: a Worker bundled by wrangler (deploy --dry-run, so its own
// module rules turn the .wasm import into a compiled module) and run in workerd through miniflare.
// Covers the shared scenario inside one request, and the cron pattern: autoBeat off, sendBeats()
// from the scheduled handler, nextBeatDelayMs() for when the next beat is due.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';
import { consumerDir } from './harness/pkg.mjs';
import { startRnacos } from './harness/rnacos.mjs';
import { assertScenario, copyFixtures } from './harness/scenario.mjs';
import { sleep, uniqueName, waitFor } from './harness/util.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const wrangler = path.join(repoRoot, 'node_modules', '.bin', 'wrangler');

// Short r-nacos timeouts, so an instance that is not beaten disappears within the test: unhealthy
// (4 + 3) s and removed (6 + 3) s after its last beat, checked every 2 s.
const serverEnv = { RNACOS_NAMING_HEALTH_TIMEOUT_SECOND: 4, RNACOS_NAMING_INSTANCE_TIMEOUT_SECOND: 6 };

let server;
let mf;

before(async () => {
  server = await startRnacos({ label: 'runtime-workerd', env: serverEnv });
  const dir = copyFixtures('worker', ['scenario.mjs', 'worker/worker.js', 'worker/wrangler.toml']);
  const home = path.join(dir, '.home');
  await promisify(execFile)(wrangler, ['deploy', '--dry-run', '--outdir', 'dist'], {
    cwd: dir,
    // No metrics, no prompts, and wrangler's logs and config kept inside the throwaway project.
    env: { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false', WRANGLER_LOG_PATH: path.join(dir, 'logs'), XDG_CONFIG_HOME: home, HOME: home },
    timeout: 120000,
  });
  const bundle = fs.readdirSync(path.join(dir, 'dist'));
  assert.ok(bundle.some((f) => f.endsWith('nacos_wasm_bg.wasm')), `wrangler kept the wasm a module: ${bundle}`);
  mf = new Miniflare({
    modules: true,
    scriptPath: path.join(dir, 'dist', 'worker.js'),
    modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'] }],
    compatibilityDate: '2025-09-01',
    bindings: { NACOS_SERVER: server.address, NACOS_BASE: server.baseUrl },
  });
  await mf.ready;
});

after(async () => {
  await mf?.dispose();
  await server?.stop();
});

async function call(pathAndQuery) {
  const res = await mf.dispatchFetch(`http://worker.test${pathAndQuery}`);
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  return body;
}

test('workerd: register, list, beat, deregister and close inside one Worker request', async () => {
  assertScenario(await call('/scenario'), 'workerd');
});

test('workerd: a cron handler calling sendBeats() keeps an instance alive that would expire', async () => {
  const service = uniqueName('cron');
  const ip = '127.0.0.31';
  const registered = await call(`/register?service=${service}&ip=${ip}&port=31001`);
  // Registered with autoBeat off: the first beat is due after the default 5 s period.
  assert.ok(registered.nextBeatDelayMs > 4000 && registered.nextBeatDelayMs <= 5000, JSON.stringify(registered));
  // The control: registered straight through the Open API at the same moment, and never beaten.
  const query = new URLSearchParams({ serviceName: service, ip, port: '31002', ephemeral: 'true' });
  const res = await fetch(`${server.baseUrl}/nacos/v1/ns/instance?${query}`, { method: 'POST' });
  assert.equal(res.status, 200);

  const worker = await mf.getWorker();
  let crons = 0;
  await waitFor(
    'the control instance to expire while cron beats keep the other alive',
    async () => {
      await worker.scheduled({ cron: '* * * * *' });
      crons += 1;
      const hosts = await server.listInstances(service);
      const beaten = hosts.find((h) => h.port === 31001);
      assert.ok(beaten, `the cron-beaten instance vanished after ${crons} cron runs`);
      assert.equal(beaten.healthy, true);
      await sleep(1000);
      return !hosts.some((h) => h.port === 31002);
    },
    { timeoutMs: 30000, intervalMs: 0 },
  );

  const status = await call('/status');
  assert.equal(status.lastCron.cron, '* * * * *');
  assert.deepEqual(status.lastCron.summary, { attempted: 1, succeeded: 1 });
  assert.ok(status.lastCron.nextBeatDelayMs > 4000, `the next beat is a period away: ${status.lastCron.nextBeatDelayMs}`);
  assert.equal(status.beating.length, 1);
  assert.equal(status.beating[0].lastResult, 'ok');

  await call(`/deregister?service=${service}&ip=${ip}&port=31001`);
  assert.deepEqual(await server.listInstances(service), []);
});
