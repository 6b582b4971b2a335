// Checks on what tests/js/fixtures/scenario.mjs reports, shared by every runtime's test, and the
// helper that copies fixtures into the consumer project (where `nacos-wasm` is installed).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { consumerDir } from './pkg.mjs';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

/** Copies fixture files (paths under tests/js/fixtures) into `consumer/<dir>` and returns that folder. */
export function copyFixtures(dir, files) {
  const target = path.join(consumerDir, dir);
  fs.mkdirSync(target, { recursive: true });
  for (const file of files) fs.copyFileSync(path.join(fixtures, file), path.join(target, path.basename(file)));
  return target;
}

/** Every step of the scenario happened, against the real server, as it should. */
export function assertScenario(report, runtime) {
  assert.equal(report.runtime, runtime);
  assert.deepEqual(report.steps, [
    'serverSawAfterRegister',
    'clientListed',
    'beats',
    'nextBeatDelayMs',
    'beating',
    'serverSawAfterDeregister',
    'beatingAfterDeregister',
    'afterClose',
  ]);
  const { ip, port } = report;
  assert.deepEqual(report.serverSawAfterRegister, { healthy: true, metadata: { runtime } }, 'the server lists it');
  assert.deepEqual(report.clientListed, [{ ip, port, metadata: { runtime } }], 'the client lists it');
  assert.deepEqual(report.beats, { attempted: 1, succeeded: 1 }, 'one beat, answered');
  // r-nacos answers every beat with clientBeatInterval 5000.
  assert.ok(report.nextBeatDelayMs > 4000 && report.nextBeatDelayMs <= 5000, `next beat in ${report.nextBeatDelayMs} ms`);
  assert.deepEqual(report.beating, [`${ip}:${port}`]);
  assert.equal(report.serverSawAfterDeregister, null, 'the server no longer lists it');
  assert.equal(report.beatingAfterDeregister, 0);
  assert.equal(report.afterClose, 'NacosError:CLOSED');
}
