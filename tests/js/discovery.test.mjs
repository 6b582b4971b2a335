// Service discovery through the installed package against r-nacos: lists, selection, weighted choice, pages, status.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { NacosNamingClient } from './harness/pkg.mjs';
import { startRnacos } from './harness/rnacos.mjs';
import { countingServer, droppingServer, rejection, uniqueName, waitFor } from './harness/util.mjs';

let server;
let client;

before(async () => {
  // A short health timeout (beats every 5 s keep beating instances healthy) lets a test see an
  // instance turn unhealthy quickly; r-nacos ignores `healthy=false` at registration.
  server = await startRnacos({
    label: 'discovery',
    env: { RNACOS_NAMING_HEALTH_TIMEOUT_SECOND: 8, RNACOS_NAMING_INSTANCE_TIMEOUT_SECOND: 120 },
  });
  client = new NacosNamingClient({ serverList: server.address });
});

after(async () => {
  await client?.close({ deregister: true });
  await server?.stop();
});

/** Registers instances and waits until the server lists them (r-nacos never lists disabled ones). */
async function registerAll(service, instances, group) {
  for (const instance of instances) await client.registerInstance(service, instance, group);
  const listed = instances.filter((i) => i.enabled !== false).length;
  await waitFor(`${listed} instances of ${service}`, async () =>
    (await server.listInstances(service, { groupName: group })).length === listed);
}

/** A client that registers without beating, so its instances turn unhealthy on the server. */
async function silentInstance(service, instance) {
  const silent = new NacosNamingClient({ serverList: server.address, autoBeat: false });
  await silent.registerInstance(service, instance);
  await silent.close();
  await waitFor('the silent instance to turn unhealthy', async () =>
    (await server.findInstance(service, instance.ip, instance.port))?.healthy === false,
  { timeoutMs: 20000 });
}

test('getAllInstances returns every instance, typed, healthy or not', async () => {
  const service = uniqueName('all');
  await registerAll(service, [{ ip: '127.0.0.21', port: 9001, weight: 2, metadata: { zone: 'a' } }]);
  await silentInstance(service, { ip: '127.0.0.22', port: 9002 });
  const hosts = await client.getAllInstances(service);
  assert.equal(hosts.length, 2);
  const first = hosts.find((h) => h.port === 9001);
  assert.deepEqual(
    { ...first, instanceId: typeof first.instanceId },
    {
      instanceId: 'string', ip: '127.0.0.21', port: 9001, weight: 2, healthy: true, enabled: true,
      ephemeral: true, clusterName: 'DEFAULT', serviceName: `DEFAULT_GROUP@@${service}`,
      metadata: { zone: 'a' },
    },
  );
  assert.ok(hosts.some((h) => h.port === 9002 && h.healthy === false), 'unhealthy ones are listed too');
  assert.deepEqual((await client.selectInstances(service, undefined, undefined, false)).map((h) => h.port), [9002]);
  assert.deepEqual((await client.selectInstances(service)).map((h) => h.port), [9001]);
});

test('selectInstances and selectOneHealthyInstance skip disabled, zero-weight and unhealthy instances', async () => {
  const service = uniqueName('select');
  await registerAll(service, [
    { ip: '127.0.0.31', port: 9101 },
    { ip: '127.0.0.32', port: 9102, enabled: false },
    { ip: '127.0.0.33', port: 9103, weight: 0 },
  ]);
  await silentInstance(service, { ip: '127.0.0.34', port: 9104, weight: 100 });
  // r-nacos hides the disabled one; the zero-weight and unhealthy ones are listed but never chosen.
  assert.deepEqual((await client.getAllInstances(service)).map((h) => h.port).sort(), [9101, 9103, 9104]);
  const healthy = await client.selectInstances(service);
  assert.deepEqual(healthy.map((h) => h.port), [9101]);
  // Subscribed, so the picks are answered from the cache rather than 500 requests.
  for (let i = 0; i < 500; i++) {
    const chosen = await client.selectOneHealthyInstance(service, undefined, undefined, true);
    assert.equal(chosen.port, 9101);
  }
  client.unSubscribe(service);
});

test('selectOneHealthyInstance picks by weight (1:3 over 8000 picks)', async () => {
  const service = uniqueName('weights');
  await registerAll(service, [
    { ip: '127.0.0.41', port: 9201, weight: 1 },
    { ip: '127.0.0.42', port: 9202, weight: 3 },
  ]);
  const counts = { 9201: 0, 9202: 0 };
  for (let i = 0; i < 8000; i++) {
    counts[(await client.selectOneHealthyInstance(service, undefined, undefined, true)).port] += 1;
  }
  client.unSubscribe(service);
  // Binomial(8000, 0.25): sd ≈ 39, so ±200 is over 5 sd; a 1:1 or any other rule lands far outside.
  assert.ok(Math.abs(counts[9201] - 2000) < 200, `weight-1 instance chosen ${counts[9201]} times`);
});

test('no healthy instance gives NO_HEALTHY_INSTANCE', async () => {
  const service = uniqueName('none');
  await registerAll(service, [
    { ip: '127.0.0.51', port: 9301, enabled: false },
    { ip: '127.0.0.52', port: 9302, weight: 0 },
  ]);
  const error = await rejection(client.selectOneHealthyInstance(service));
  assert.equal(error.name, 'NacosError');
  assert.equal(error.code, 'NO_HEALTHY_INSTANCE');
  assert.equal(error.errCode, -404);
});

test('clusters and groups narrow the list', async () => {
  const service = uniqueName('clusters');
  await registerAll(service, [
    { ip: '127.0.0.61', port: 9401, clusterName: 'east' },
    { ip: '127.0.0.62', port: 9402, clusterName: 'west' },
  ], 'shop');
  assert.equal((await client.getAllInstances(service, 'shop')).length, 2);
  assert.deepEqual((await client.getAllInstances(service, 'shop', ['west'])).map((h) => h.port), [9402]);
  assert.deepEqual((await client.getAllInstances(service, 'shop', 'east')).map((h) => h.port), [9401]);
  assert.equal((await client.getAllInstances(service)).length, 0, 'DEFAULT_GROUP has none');
});

test('namespaces are isolated', async () => {
  const service = uniqueName('ns');
  const other = new NacosNamingClient({ serverList: server.address, namespace: 'team-a' });
  try {
    await other.registerInstance(service, { ip: '127.0.0.71', port: 9501 });
    await waitFor('the instance in team-a', async () =>
      (await other.getAllInstances(service)).length === 1);
    assert.equal((await client.getAllInstances(service)).length, 0, 'public does not see team-a');
  } finally {
    await other.close({ deregister: true });
  }
});

test('getServicesOfServer pages service names; getService describes one', async () => {
  const service = uniqueName('page');
  await registerAll(service, [{ ip: '127.0.0.81', port: 9601 }], 'paged');
  const page = await client.getServicesOfServer(1, 100, 'paged');
  assert.ok(page.count >= 1);
  assert.ok(page.data.includes(service), JSON.stringify(page));
  const detail = await client.getService(service, 'paged');
  assert.equal(detail.name, service);
  assert.equal(detail.groupName, 'paged');
  const bad = await rejection(client.getServicesOfServer(0, 10));
  assert.equal(bad.code, 'INVALID_PARAM');
});

test('getServerStatus is UP for a live server and DOWN when none answers', async () => {
  assert.equal(await client.getServerStatus(), 'UP');
  const dead = await droppingServer();
  const lonely = new NacosNamingClient({ serverList: dead.address, maxRetry: 1 });
  try {
    assert.equal(await lonely.getServerStatus(), 'DOWN');
  } finally {
    await lonely.close();
    await dead.close();
  }
});

test('bad discovery arguments are rejected before anything is sent', async () => {
  const counter = await countingServer();
  const local = new NacosNamingClient({ serverList: counter.address });
  try {
    for (const call of [
      () => local.getAllInstances(''),
      () => local.getAllInstances(5),
      () => local.getAllInstances('s', 'g', ['bad_cluster']),
      () => local.getAllInstances('s', 'g', 7),
      () => local.selectInstances('s', undefined, undefined, 'yes'),
      () => local.getServicesOfServer(1, 0),
      () => local.subscribe({ serviceName: 's', bogus: 1 }, () => {}),
      () => local.subscribe('s', 'not a function'),
    ]) {
      const error = await rejection(call());
      assert.equal(error.code, 'INVALID_PARAM', String(call));
    }
    assert.throws(() => local.unSubscribe({ service: 's' }), { name: 'NacosError', code: 'INVALID_PARAM' });
    assert.equal(counter.requests.length, 0);
  } finally {
    await local.close();
    await counter.close();
  }
});
