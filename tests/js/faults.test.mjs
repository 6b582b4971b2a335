// Injected faults between the client and a real r-nacos: a hung server, beat replies with code 20404,
// 5xx and garbage replies. The client reports each as a NacosError or event and recovers by itself.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { NacosNamingClient } from './harness/pkg.mjs';
import { startRnacos } from './harness/rnacos.mjs';
import { startFaultProxy } from './harness/fault-proxy.mjs';
import { rejection, uniqueName, waitFor } from './harness/util.mjs';

const BEAT = '/nacos/v1/ns/instance/beat';
const LIST = '/nacos/v1/ns/instance/list';
const INSTANCE = '/nacos/v1/ns/instance';

let server;
const proxies = [];

before(async () => {
  server = await startRnacos({ label: 'faults' });
});

after(async () => {
  await Promise.all(proxies.map((p) => p.close()));
  await server?.stop();
});

async function proxy() {
  const p = await startFaultProxy({ upstream: server.baseUrl });
  proxies.push(p);
  return p;
}

/** One register and one read, timed: the unit of work the hung-server test repeats. */
async function timedCalls(client, service, i) {
  const times = [];
  let start = Date.now();
  await client.registerInstance(service, { ip: '127.0.0.61', port: 30000 + i });
  times.push(Date.now() - start);
  start = Date.now();
  await client.getAllInstances(service);
  times.push(Date.now() - start);
  return times;
}

test('a hung server among three costs one timeout, not one per request', async () => {
  const [hung, a, b] = [await proxy(), await proxy(), await proxy()];
  hung.fault('hang');
  const TIMEOUT = 1500;
  const client = new NacosNamingClient({
    serverList: [hung.address, a.address, b.address],
    requestTimeoutMs: TIMEOUT,
    serverCooldownMs: 60000,
    autoBeat: false,
  });
  const service = uniqueName('hung');
  try {
    // Each call starts at a random server: keep calling until the hung one has been tried.
    let i = 0;
    while (client.serverStates()[0].up) {
      assert.ok(i < 40, 'the hung server was never tried');
      await timedCalls(client, service, i++);
    }
    assert.equal(hung.requests.length, 1);
    const state = client.serverStates()[0];
    assert.equal(state.failures, 1);
    assert.match(state.lastError, /no reply within 1500 ms/, state.lastError);

    // Within its cool-down it is tried last, so never again while the others answer: no more timeouts.
    const later = [];
    for (let j = 0; j < 10; j++) later.push(...(await timedCalls(client, service, 100 + j)));
    assert.equal(hung.requests.length, 1, 'the hung server was tried again during its cool-down');
    assert.ok(later.every((ms) => ms < TIMEOUT), `a later call waited for a timeout: ${later}`);
    assert.equal((await server.listInstances(service)).length, i + 10);
  } finally {
    await client.close();
  }

  // Control: with no cool-down the same hung server is tried again and again, one timeout each time.
  const control = new NacosNamingClient({
    serverList: [hung.address, a.address, b.address],
    requestTimeoutMs: TIMEOUT,
    serverCooldownMs: 0,
    autoBeat: false,
  });
  try {
    const before = hung.requests.length;
    let calls = 0;
    while (hung.requests.length - before < 2) {
      assert.ok(calls < 40, `without a cool-down the hung server was hit ${hung.requests.length - before} times`);
      await timedCalls(control, uniqueName('hung-control'), calls++);
    }
  } finally {
    await control.close();
  }
});

test('a beat answered with code 20404 registers the instance again in full', async () => {
  const p = await proxy();
  const events = [];
  const client = new NacosNamingClient({
    serverList: p.address,
    autoBeat: false,
    maxRetry: 1,
    onEvent: (e) => events.push(e),
  });
  const service = uniqueName('not-found');
  const instance = { ip: '127.0.0.62', port: 31000, weight: 3, metadata: { zone: 'b', version: '7' } };
  try {
    await client.registerInstance(service, instance);
    // The server forgets the instance, as a restarted Java Nacos would, and says so in the beat reply.
    const query = new URLSearchParams({ serviceName: service, ip: instance.ip, port: String(instance.port) });
    const res = await fetch(`${server.baseUrl}${INSTANCE}?${query}`, { method: 'DELETE' });
    assert.equal(res.status, 200, await res.text());
    p.fault('beat-20404', { path: BEAT });

    const sent = p.requests.length;
    assert.deepEqual(await client.sendBeats(), { attempted: 1, succeeded: 1 });
    const again = events.filter((e) => e.type === 'reregister');
    assert.equal(again.length, 1, JSON.stringify(events));
    assert.equal(again[0].reason, 'not-found');
    assert.equal(again[0].server, p.address);
    assert.equal(again[0].port, instance.port);
    const after20404 = p.requests.slice(sent).map((r) => `${r.method} ${r.path}`);
    assert.deepEqual(after20404, [`PUT ${BEAT}`, `POST ${INSTANCE}`], 'the beat, then a full registration');
    assert.equal(Number(p.requests.at(-1).query.get('weight')), 3);
    // r-nacos re-creates an unknown beating instance with weight 1 from a light beat; the full
    // registration must have restored the weight and metadata.
    const host = await server.findInstance(service, instance.ip, instance.port);
    assert.equal(host?.weight, 3, JSON.stringify(host));
    assert.deepEqual(host.metadata, instance.metadata);

    // Then plain beats again.
    p.clear();
    assert.deepEqual(await client.sendBeats(), { attempted: 1, succeeded: 1 });
    assert.equal(p.requests.at(-1).path, BEAT);
    assert.equal(events.filter((e) => e.type === 'reregister').length, 1);
  } finally {
    await client.close();
  }
});

// [fault, options, expected error code, expected HTTP status]
const replyFaults = [
  ['status', { status: 500 }, 'SERVER_ERROR', 500],
  ['status', { status: 502 }, 'SERVER_ERROR', 502],
  ['status', { status: 503 }, 'SERVER_ERROR', 503],
  ['truncated-json', {}, 'INVALID_RESPONSE', undefined],
  ['invalid-json', {}, 'INVALID_RESPONSE', undefined],
  ['short-body', {}, 'NETWORK_ERROR', undefined],
  ['reset', {}, 'NETWORK_ERROR', undefined],
];

test('5xx, garbage, cut and reset replies to reads: a NacosError each; reads work again once cleared', async () => {
  const p = await proxy();
  const client = new NacosNamingClient({ serverList: p.address, autoBeat: false, maxRetry: 1 });
  const service = uniqueName('read-faults');
  try {
    await client.registerInstance(service, { ip: '127.0.0.63', port: 32000 });
    for (const [mode, options, code, status] of replyFaults) {
      const what = `${mode} ${options.status ?? ''}`;
      p.clear();
      p.fault(mode, { path: LIST, ...options });
      const error = await rejection(client.getAllInstances(service));
      assert.ok(error instanceof Error, what);
      assert.equal(error.name, 'NacosError', what);
      assert.equal(error.code, code, `${what}: ${error.code} ${error.message}`);
      if (status) {
        assert.equal(error.status, status, what);
        assert.equal(error.errCode, status, what);
      }
      assert.equal(error.server, p.address, what);
      assert.ok(error.message.length > 0, what);
    }
    p.clear();
    const hosts = await client.getAllInstances(service);
    assert.deepEqual(hosts.map((h) => h.port), [32000]);
  } finally {
    await client.close();
  }
});

test('beats keep going through 5xx and garbage replies (beat-failed) and recover by themselves', async () => {
  const p = await proxy();
  const events = [];
  const client = new NacosNamingClient({
    serverList: p.address,
    maxRetry: 1,
    onEvent: (e) => events.push(e),
  });
  const service = uniqueName('beat-faults');
  // Beats every second until a reply says otherwise; failed beats give no reply, so the pace holds.
  const instance = {
    ip: '127.0.0.64',
    port: 33000,
    weight: 2,
    metadata: { 'preserved.heart.beat.interval': '1000', role: 'worker' },
  };
  try {
    await client.registerInstance(service, instance);
    for (const [mode, options, code, status] of replyFaults) {
      p.clear();
      // Every path: after a failed beat the next contact is a registration, which must fail too.
      p.fault(mode, options);
      const seen = events.length;
      const failed = await waitFor(`a beat-failed event for ${mode} ${options.status ?? ''}`, () =>
        events.slice(seen).find((e) => e.type === 'beat-failed' && e.error.code === code));
      assert.equal(failed.port, instance.port);
      assert.equal(typeof failed.nextBeatInMs, 'number');
      assert.ok(failed.nextBeatInMs > 0 && failed.nextBeatInMs <= 1000, `next beat in ${failed.nextBeatInMs}`);
      if (status) assert.equal(failed.error.status, status);
    }
    assert.equal(events.filter((e) => e.type === 'beat').length, 0, 'no beat got through a fault');
    const kinds = new Set(p.requests.map((r) => `${r.method} ${r.path}`));
    assert.ok(kinds.has(`PUT ${BEAT}`) && kinds.has(`POST ${INSTANCE}`), [...kinds].join());
    assert.equal(client.beatingInstances()[0].lastResult, 'failed');

    // Meanwhile the server lost the instance; once the faults stop, the next beat restores it in full.
    const query = new URLSearchParams({ serviceName: service, ip: instance.ip, port: String(instance.port) });
    await fetch(`${server.baseUrl}${INSTANCE}?${query}`, { method: 'DELETE' }).then((r) => r.text());
    // (A registration's reply is not JSON, so it may have got through a garbage fault: start afresh.)
    const cleared = events.length;
    p.fault('status', { status: 503 });
    await waitFor('one more failed beat', () => events.slice(cleared).some((e) => e.type === 'beat-failed'));
    const recovering = events.length;
    p.clear();
    const again = await waitFor('the recovering re-registration', () =>
      events.slice(recovering).find((e) => e.type === 'reregister'));
    assert.equal(again.reason, 'recovered');
    const host = await waitFor('the instance back on the server', () =>
      server.findInstance(service, instance.ip, instance.port));
    assert.equal(host.weight, 2);
    assert.deepEqual(host.metadata, instance.metadata);
    await waitFor('a plain beat after recovering', () => events.slice(recovering).some((e) => e.type === 'beat'));
    assert.equal(client.beatingInstances()[0].lastResult, 'ok');
  } finally {
    await client.close();
  }
});
