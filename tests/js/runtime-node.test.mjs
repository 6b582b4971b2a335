// The shared runtime scenario in Node, through both module systems of the installed tarball.
import { test, before, after } from 'node:test';
import { importEsm, requireCjs } from './harness/pkg.mjs';
import { startRnacos } from './harness/rnacos.mjs';
import { assertScenario } from './harness/scenario.mjs';
import { runScenario } from './fixtures/scenario.mjs';

let server;
before(async () => {
  server = await startRnacos({ label: 'runtime-node' });
});
after(async () => {
  await server?.stop();
});

test('Node ESM: import { NacosNamingClient } from "nacos-wasm" runs the scenario', async () => {
  const { NacosNamingClient } = await importEsm();
  const report = await runScenario({ NacosNamingClient, server: server.address, base: server.baseUrl, runtime: 'node-esm' });
  assertScenario(report, 'node-esm');
});

test('Node CommonJS: require("nacos-wasm") runs the scenario', async () => {
  const { NacosNamingClient } = requireCjs();
  const report = await runScenario({ NacosNamingClient, server: server.address, base: server.baseUrl, runtime: 'node-cjs' });
  assertScenario(report, 'node-cjs');
});
