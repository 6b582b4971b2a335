// Heartbeats keep an ephemeral instance healthy past r-nacos's (shortened) health timeout; close() stops them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { NacosNamingClient } from './harness/pkg.mjs';
import { startRnacos } from './harness/rnacos.mjs';
import { countingServer, sleep, uniqueName, waitFor } from './harness/util.mjs';

// r-nacos marks an instance unhealthy (HEALTH + 3) s after its last beat, removes it (INSTANCE + 3) s
// after, checks every 2 s, and always answers beats with clientBeatInterval 5000. So beats come every
// 5 s and 7 s is the shortest health timeout that still leaves them 2 s of slack.
const HEALTH_TIMEOUT_S = 4;
const INSTANCE_TIMEOUT_S = 6;
const UNHEALTHY_AFTER_MS = (HEALTH_TIMEOUT_S + 3) * 1000;
// Watch past the point where an instance that never beat has certainly been marked (timeout + one check).
const WATCH_MS = UNHEALTHY_AFTER_MS + 2000 + 2000;
const SERVER_BEAT_INTERVAL_MS = 5000;

let server;

before(async () => {
  server = await startRnacos({
    label: 'heartbeat',
    env: {
      RNACOS_NAMING_HEALTH_TIMEOUT_SECOND: HEALTH_TIMEOUT_S,
      RNACOS_NAMING_INSTANCE_TIMEOUT_SECOND: INSTANCE_TIMEOUT_S,
    },
  });
});

after(async () => {
  await server?.stop();
});

/** Registers straight through the Open API, with no client and so no beats: the control instance. */
async function registerWithoutBeats(service, ip, port) {
  const query = new URLSearchParams({ serviceName: service, ip, port: String(port), ephemeral: 'true' });
  const res = await fetch(`${server.baseUrl}/nacos/v1/ns/instance?${query}`, { method: 'POST' });
  assert.equal(res.status, 200, await res.text());
}

test('beats keep an instance healthy past the health timeout; after close() it turns unhealthy', async () => {
  const service = uniqueName('beat');
  const events = [];
  const client = new NacosNamingClient({ serverList: server.address, onEvent: (e) => events.push(e) });
  // r-nacos lists every instance as healthy while none of a service's instances is (its protect
  // threshold); an instance that keeps beating throughout lets the others' real state show.
  const anchor = new NacosNamingClient({ serverList: server.address });
  try {
    await anchor.registerInstance(service, { ip: '127.0.0.21', port: 19000 });
    const instance = {
      ip: '127.0.0.21',
      port: 19001,
      // The first beat comes after this; the server's reply then sets the period (5000 on r-nacos).
      metadata: { 'preserved.heart.beat.interval': '1000' },
    };
    const started = Date.now();
    await client.registerInstance(service, instance);
    // The control: same server, same service, registered at the same moment, never beats.
    await registerWithoutBeats(service, '127.0.0.21', 19002);

    const [row] = client.beatingInstances();
    assert.equal(row.serviceName, service);
    assert.equal(row.port, 19001);
    assert.equal(row.periodMs, 1000, 'the first period is the instance\'s own interval');
    assert.equal(row.lastResult, null);
    assert.equal(typeof row.nextBeatAt, 'number');
    const delay = client.nextBeatDelayMs();
    assert.ok(delay >= 0 && delay <= 1000, `nextBeatDelayMs ${delay}`);

    // Poll the list for the whole window: the beating instance must never be seen unhealthy.
    let controlWentUnhealthy = false;
    while (Date.now() - started < WATCH_MS) {
      const hosts = await server.listInstances(service);
      const beating = hosts.find((h) => h.port === 19001);
      assert.ok(beating, `beating instance vanished after ${Date.now() - started} ms`);
      assert.equal(beating.healthy, true, `unhealthy after ${Date.now() - started} ms`);
      const control = hosts.find((h) => h.port === 19002);
      if (!control || !control.healthy) controlWentUnhealthy = true;
      await sleep(250);
    }
    // Proves the window really was past the server's timeout.
    assert.ok(controlWentUnhealthy, 'the control instance (no beats) should have timed out');

    const beats = events.filter((e) => e.type === 'beat' && e.serviceName === service);
    assert.ok(beats.length >= 2, `expected several beats, got ${beats.length}`);
    for (const beat of beats) {
      assert.equal(beat.server, server.address);
      assert.equal(beat.ip, '127.0.0.21');
      assert.equal(beat.port, 19001);
      assert.equal(beat.groupName, 'DEFAULT_GROUP');
      assert.equal(beat.clusterName, 'DEFAULT');
      assert.equal(typeof beat.at, 'number');
      assert.equal(typeof beat.latencyMs, 'number');
      assert.equal(typeof beat.lightBeat, 'boolean');
      // The server's clientBeatInterval, counted from when the beat was due (so less the reply's
      // latency and any lateness), and at least half of it from now.
      const most = Math.max(SERVER_BEAT_INTERVAL_MS - beat.latencyMs, SERVER_BEAT_INTERVAL_MS / 2);
      assert.ok(beat.nextBeatInMs <= most && beat.nextBeatInMs >= SERVER_BEAT_INTERVAL_MS / 2,
        `nextBeatInMs ${beat.nextBeatInMs}, latency ${beat.latencyMs}`);
    }
    assert.equal(events.filter((e) => e.type === 'beat-failed').length, 0, JSON.stringify(events));

    const [after] = client.beatingInstances();
    assert.equal(after.lastResult, 'ok');
    assert.equal(after.periodMs, SERVER_BEAT_INTERVAL_MS);
    assert.equal(after.lightBeat, true, 'r-nacos replies lightBeatEnabled: true');
    assert.ok(after.lastBeatAt >= started && after.lastBeatAt <= Date.now());

    await client.close();
    const beatsAtClose = events.filter((e) => e.type === 'beat').length;
    assert.deepEqual(client.beatingInstances(), []);
    assert.equal(client.nextBeatDelayMs(), undefined);
    await waitFor(
      'the instance to turn unhealthy (or disappear) once beats stop',
      async () => {
        const host = await server.findInstance(service, '127.0.0.21', 19001);
        return !host || host.healthy === false;
      },
      { timeoutMs: UNHEALTHY_AFTER_MS + SERVER_BEAT_INTERVAL_MS + 10000 },
    );
    assert.equal(events.filter((e) => e.type === 'beat').length, beatsAtClose, 'no beat after close');
    const anchorHost = await server.findInstance(service, '127.0.0.21', 19000);
    assert.equal(anchorHost?.healthy, true, 'the anchor kept beating');
  } finally {
    await client.close();
    await anchor.close();
  }
});

test('autoBeat: false sets no timers; sendBeats() beats every instance on demand', async () => {
  const service = uniqueName('manual-beat');
  const events = [];
  const client = new NacosNamingClient({
    serverList: server.address,
    autoBeat: false,
    onEvent: (e) => events.push(e),
  });
  try {
    await client.registerInstance(service, { ip: '127.0.0.22', port: 19003 });
    await client.registerInstance(service, { ip: '127.0.0.22', port: 19004 });
    assert.equal(client.beatingInstances().length, 2);
    assert.deepEqual(await client.sendBeats(), { attempted: 2, succeeded: 2 });
    assert.equal(events.filter((e) => e.type === 'beat').length, 2);
    assert.ok(client.beatingInstances().every((b) => b.lastResult === 'ok'));
    assert.ok(client.nextBeatDelayMs() > 0);
  } finally {
    await client.close();
  }
});

test('after a failed beat the next contact registers again in full, restoring what the server lost', async () => {
  const proxy = await countingServer({ forwardTo: server.baseUrl });
  const events = [];
  const client = new NacosNamingClient({
    serverList: proxy.address,
    autoBeat: false,
    maxRetry: 1,
    onEvent: (e) => events.push(e),
  });
  const service = uniqueName('recover');
  const instance = { ip: '127.0.0.23', port: 19005, weight: 3, metadata: { role: 'primary', 'a&b': 'c=d' } };
  try {
    await client.registerInstance(service, instance);
    assert.deepEqual(await client.sendBeats(), { attempted: 1, succeeded: 1 });

    proxy.failWith(503);
    assert.deepEqual(await client.sendBeats(), { attempted: 1, succeeded: 0 });
    const failed = events.find((e) => e.type === 'beat-failed');
    assert.ok(failed, JSON.stringify(events));
    assert.equal(failed.serviceName, service);
    assert.equal(failed.port, 19005);
    // A plain object (structured-clone friendly), not an Error.
    assert.equal(failed.error instanceof Error, false);
    assert.equal(failed.error.code, 'SERVER_ERROR');
    assert.equal(failed.error.errCode, 503);
    assert.equal(failed.error.status, 503);
    assert.equal(typeof failed.error.message, 'string');
    assert.equal(client.beatingInstances()[0].lastResult, 'failed');

    // Meanwhile the server forgets the instance (a restart would). r-nacos turns a beat for an unknown
    // instance into a registration, but a light beat carries no body, so it would come back with
    // weight 1 (r-nacos itself remembers metadata for a while); only a full registration restores 3.
    const query = new URLSearchParams({ serviceName: service, ip: instance.ip, port: String(instance.port) });
    const res = await fetch(`${server.baseUrl}/nacos/v1/ns/instance?${query}`, { method: 'DELETE' });
    assert.equal(res.status, 200, await res.text());
    assert.equal(await server.findInstance(service, instance.ip, instance.port), undefined);

    proxy.failWith(null);
    const sent = proxy.requests.length;
    assert.deepEqual(await client.sendBeats(), { attempted: 1, succeeded: 1 });
    const again = events.find((e) => e.type === 'reregister');
    assert.ok(again, JSON.stringify(events));
    assert.equal(again.reason, 'recovered');
    assert.equal(again.server, proxy.address);
    assert.equal(proxy.requests[sent].method, 'POST', 'a registration, not a beat');
    assert.equal(client.beatingInstances()[0].lastResult, 'reregistered');
    const host = await server.findInstance(service, instance.ip, instance.port);
    assert.ok(host);
    assert.equal(host.weight, 3);
    assert.deepEqual(host.metadata, instance.metadata);

    // Back to plain beats afterwards.
    assert.deepEqual(await client.sendBeats(), { attempted: 1, succeeded: 1 });
    assert.equal(proxy.requests.at(-1).url.split('?')[0], '/nacos/v1/ns/instance/beat');
    assert.equal(client.beatingInstances()[0].lastResult, 'ok');
  } finally {
    await client.close();
    await proxy.close();
  }
});
