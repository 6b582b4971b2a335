// Outages: every server down past the delete timeout and back empty (instances return in full), and
// close() while every kind of call hangs (all reject CLOSED, the process then exits by itself).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { NacosNamingClient, consumerDir } from './harness/pkg.mjs';
import { startRnacos } from './harness/rnacos.mjs';
import { startFaultProxy } from './harness/fault-proxy.mjs';
import { sleep, uniqueName, waitFor } from './harness/util.mjs';

// r-nacos deletes an instance (INSTANCE + 3) s after its last beat and checks every 2 s.
const HEALTH_TIMEOUT_S = 2;
const INSTANCE_TIMEOUT_S = 4;
const DELETE_AFTER_MS = (INSTANCE_TIMEOUT_S + 3 + 2) * 1000;
// r-nacos answers every beat with clientBeatInterval 5000.
const BEAT_INTERVAL_MS = 5000;
const env = {
  RNACOS_NAMING_HEALTH_TIMEOUT_SECOND: HEALTH_TIMEOUT_S,
  RNACOS_NAMING_INSTANCE_TIMEOUT_SECOND: INSTANCE_TIMEOUT_S,
};

const sameMap = (a = {}, b = {}) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(b).every(([k, v]) => a[k] === v);

const cleanup = [];
after(async () => {
  for (const stop of cleanup.reverse()) await stop();
});

test('all servers down past the delete timeout, back empty: every instance returns in full within two beats', async () => {
  let servers = [await startRnacos({ label: 'outage-a', env }), await startRnacos({ label: 'outage-b', env })];
  cleanup.push(() => Promise.all(servers.map((s) => s.stop())));
  const events = [];
  const client = new NacosNamingClient({
    serverList: servers.map((s) => s.address),
    serverCooldownMs: 1000,
    onEvent: (e) => events.push(e),
  });
  cleanup.push(() => client.close());
  const service = uniqueName('outage');
  const instances = Array.from({ length: 4 }, (_, i) => ({
    ip: '127.0.0.70',
    port: 34000 + i,
    weight: i + 2,
    metadata: { shard: String(i), owner: 'outage-test' },
  }));
  const seenOnAny = async () => {
    const lists = await Promise.all(servers.map((s) => s.listInstances(service).catch(() => [])));
    return lists.flat();
  };
  const allBackInFull = async () => {
    const hosts = await seenOnAny();
    return instances.every((want) => {
      const host = hosts.find((h) => h.port === want.port);
      return host && host.weight === want.weight && sameMap(host.metadata, want.metadata);
    });
  };

  for (const instance of instances) await client.registerInstance(service, instance);
  assert.ok(await allBackInFull(), 'registered in full');
  await waitFor('a first beat of every instance', () =>
    instances.every((i) => events.some((e) => e.type === 'beat' && e.port === i.port)));

  // Every server goes down, for longer than the servers would keep an instance that stopped beating.
  const ports = servers.map((s) => s.httpPort);
  await Promise.all(servers.map((s) => s.stop()));
  const downAt = Date.now();
  await waitFor('a failed beat of every instance', () =>
    instances.every((i) => events.some((e) => e.type === 'beat-failed' && e.port === i.port && e.at >= downAt)),
  { timeoutMs: 3 * BEAT_INTERVAL_MS });
  // Not an assertion: the outage must simply outlast the delete timeout.
  await sleep(Math.max(0, DELETE_AFTER_MS - (Date.now() - downAt)));

  // Back on the same ports with fresh data dirs: an empty store. (Not checked empty: beats may
  // already have restored an instance on the first server while the second is starting.)
  const restartAt = Date.now();
  // allSettled: a server that started must be stopped even when its partner failed to.
  const restarted = await Promise.allSettled([
    startRnacos({ label: 'outage-a2', env, httpPort: ports[0] }),
    startRnacos({ label: 'outage-b2', env, httpPort: ports[1] }),
  ]);
  for (const started of restarted) {
    if (started.status === 'fulfilled') cleanup.push(() => started.value.stop());
  }
  const failed = restarted.find((started) => started.status === 'rejected');
  if (failed) throw failed.reason;
  servers = restarted.map((started) => started.value);
  const backAt = Date.now();
  await waitFor('every instance back with its weight and metadata', allBackInFull, {
    timeoutMs: 2 * BEAT_INTERVAL_MS,
    intervalMs: 100,
  });
  const tookMs = Date.now() - backAt;
  const again = events.filter((e) => e.type === 'reregister' && e.at >= restartAt);
  assert.deepEqual(new Set(again.map((e) => e.reason)), new Set(['recovered']));
  assert.deepEqual(new Set(again.map((e) => e.port)), new Set(instances.map((i) => i.port)), `in ${tookMs} ms`);
  // And they keep beating there.
  await waitFor('plain beats again', () =>
    instances.every((i) => events.some((e) => e.type === 'beat' && e.port === i.port && e.at > backAt)),
  { timeoutMs: 3 * BEAT_INTERVAL_MS });
  await client.close();
});

test('close() while every kind of call hangs: all reject CLOSED and the process exits by itself', async () => {
  const server = await startRnacos({ label: 'outage-close' });
  cleanup.push(() => server.stop());
  const proxy = await startFaultProxy({ upstream: server.baseUrl });
  cleanup.push(() => proxy.close());
  const fixture = fileURLToPath(new URL('./fixtures/in-flight-close.mjs', import.meta.url));
  const child = spawn(
    process.execPath,
    ['--unhandled-rejections=strict', fixture, consumerDir, proxy.address, uniqueName('in-flight'), '35000'],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  cleanup.push(() => child.exitCode === null && child.kill('SIGKILL'));
  let stderr = '';
  child.stderr.on('data', (c) => { stderr += c; });
  const lines = [];
  let buffered = '';
  child.stdout.on('data', (chunk) => {
    buffered += chunk;
    const parts = buffered.split('\n');
    buffered = parts.pop();
    for (const part of parts) lines.push(JSON.parse(part));
  });
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve({ code, at: Date.now() })));
  const line = (what) => waitFor(`the child to say ${what} (stderr: ${stderr})`, () => lines.find((l) => l.what === what));

  await line('registered');
  proxy.fault('hang');
  child.stdin.write('hang\n');
  await line('calling');
  // Every call must be waiting on the hung server, the beat too (sendBeats() or the 1 s timer, whichever
  // comes first: one beat per instance is in flight at a time).
  const expected = [
    'POST /nacos/v1/ns/instance', 'DELETE /nacos/v1/ns/instance', 'PUT /nacos/v1/ns/instance',
    'GET /nacos/v1/ns/instance/list', 'GET /nacos/v1/ns/service', 'GET /nacos/v1/ns/service/list',
    'GET /nacos/v1/ns/operator/metrics', 'PUT /nacos/v1/ns/instance/beat',
  ];
  const hungKinds = () => new Set(proxy.requests.filter((r) => r.fault === 'hang').map((r) => `${r.method} ${r.path}`));
  await waitFor('every kind of call in flight', () => expected.every((k) => hungKinds().has(k)));

  const closeAt = Date.now();
  child.stdin.write('close\n');
  const closed = await line('closed');
  for (const [name, outcome] of Object.entries(closed.results)) {
    // getServerStatus() reports any failure as DOWN, never as a rejection. sendBeats() ended by
    // close() rejects CLOSED like the rest; it resolved at once with nothing attempted if the timer's
    // beat was already in flight when it was called (one beat per instance at a time).
    if (name === 'getServerStatus' && outcome.fulfilled === 'DOWN') continue;
    if (name === 'sendBeats' && outcome.fulfilled?.attempted === 0) continue;
    assert.deepEqual(outcome, { name: 'NacosError', code: 'CLOSED', errCode: -401 }, name);
  }
  assert.equal(closed.beating, 0);
  assert.ok(closed.closeMs < 2000, `close() took ${closed.closeMs} ms`);
  // Nothing left pending: no timer, socket or promise keeps the child alive (its timeouts are 60 s).
  const exit = await Promise.race([exited, sleep(5000).then(() => null)]);
  assert.ok(exit, `the child still runs 5 s after close(); stderr: ${stderr}`);
  assert.equal(exit.code, 0, stderr);
  assert.ok(exit.at - closeAt < 5000);
});
