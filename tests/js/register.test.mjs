// Register, update and deregister through the installed package, checked against r-nacos's own instance list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { NacosNamingClient } from './harness/pkg.mjs';
import { startRnacos } from './harness/rnacos.mjs';
import { uniqueName, waitFor } from './harness/util.mjs';

let server;
let client;

before(async () => {
  server = await startRnacos({ label: 'register' });
  client = new NacosNamingClient({ serverList: server.address });
});

after(async () => {
  await client?.close();
  await server?.stop();
});

// Values that break naive query-string or JSON building: separators, escapes, spaces, non-ASCII.
const trickyMetadata = {
  'amp&key': 'a&b=c',
  eq: 'x=y==z',
  pct: '100% %20 %zz',
  'with space': '  leading and trailing  ',
  plus: '1+1=2',
  unicode: '服务-ünïcødé-😀',
  quotes: `"double" 'single' \\back`,
  json: '{"nested":[1,2]}',
  empty: '',
};

test('registerInstance: the server lists the instance with exact weight, cluster and metadata', async () => {
  const service = uniqueName('reg');
  const instance = {
    ip: '127.0.0.11',
    port: 18001,
    weight: 2.5,
    clusterName: 'cluster-A1',
    metadata: trickyMetadata,
  };
  await client.registerInstance(service, instance, 'GROUP-reg');

  const hosts = await server.listInstances(service, { groupName: 'GROUP-reg' });
  assert.equal(hosts.length, 1, JSON.stringify(hosts));
  const [host] = hosts;
  assert.equal(host.ip, instance.ip);
  assert.equal(host.port, instance.port);
  assert.equal(host.weight, 2.5);
  assert.equal(host.clusterName, 'cluster-A1');
  assert.deepEqual(host.metadata, trickyMetadata);
  assert.equal(host.healthy, true);
  assert.equal(host.enabled, true);
  assert.equal(host.ephemeral, true);
  // The group is part of the service's identity: the default group does not have it.
  assert.deepEqual(await server.listInstances(service), []);
});

test('registerInstance: defaults are weight 1, cluster DEFAULT, group DEFAULT_GROUP, enabled', async () => {
  const service = uniqueName('reg-defaults');
  await client.registerInstance(service, { ip: '127.0.0.12', port: 18002 });
  const host = await server.findInstance(service, '127.0.0.12', 18002);
  assert.ok(host, 'listed in DEFAULT_GROUP');
  assert.equal(host.weight, 1);
  assert.equal(host.clusterName, 'DEFAULT');
  assert.equal(host.enabled, true);
  assert.deepEqual(host.metadata, {});
});

test('registerInstance: a grouped name "group@@service" lands in that group', async () => {
  const service = uniqueName('reg-grouped');
  await client.registerInstance(`GRP-at@@${service}`, { ip: '127.0.0.13', port: 18003 });
  const hosts = await server.listInstances(service, { groupName: 'GRP-at' });
  assert.equal(hosts.length, 1, JSON.stringify(hosts));
});

test('registerInstance: a weight of 0 and enabled=false reach the server', async () => {
  const service = uniqueName('reg-disabled');
  await client.registerInstance(service, { ip: '127.0.0.14', port: 18004, weight: 0 });
  await client.registerInstance(service, { ip: '127.0.0.14', port: 18010, enabled: false });
  const zero = await server.findInstance(service, '127.0.0.14', 18004);
  assert.ok(zero);
  assert.equal(zero.weight, 0);
  // r-nacos leaves disabled instances out of every list; the single-instance query shows them.
  assert.equal(await server.findInstance(service, '127.0.0.14', 18010), undefined);
  const disabled = await server.getInstance(service, '127.0.0.14', 18010);
  assert.ok(disabled, 'registered');
  assert.equal(disabled.enabled, false);
});

test('updateInstance: the server lists the new weight and metadata', async () => {
  const service = uniqueName('upd');
  const base = { ip: '127.0.0.15', port: 18005, clusterName: 'c1' };
  await client.registerInstance(service, { ...base, weight: 2, metadata: { version: '1' } });
  const before = await server.findInstance(service, base.ip, base.port);
  assert.equal(before.weight, 2);
  assert.deepEqual(before.metadata, { version: '1' });

  const metadata = { version: '2', note: 'a&b=c 100%', 'ключ': 'значение' };
  await client.updateInstance(service, { ...base, weight: 3.5, metadata });
  const after = await server.findInstance(service, base.ip, base.port);
  assert.equal(after.weight, 3.5);
  assert.deepEqual(after.metadata, metadata);
  assert.equal(after.clusterName, 'c1');
  // Still one instance, still beating: an update does not add a second registration.
  assert.equal((await server.listInstances(service)).length, 1);
  assert.equal(client.beatingInstances().filter((b) => b.serviceName === service).length, 1);
});

test('deregisterInstance: the instance is gone from the list and no longer beats', async () => {
  const service = uniqueName('dereg');
  const keep = { ip: '127.0.0.16', port: 18006 };
  const drop = { ip: '127.0.0.16', port: 18007 };
  await client.registerInstance(service, keep);
  await client.registerInstance(service, drop);
  assert.equal((await server.listInstances(service)).length, 2);
  const beating = () => client.beatingInstances().filter((b) => b.serviceName === service);
  assert.deepEqual(beating().map((b) => b.port).sort(), [18006, 18007]);

  await client.deregisterInstance(service, drop);
  const hosts = await waitFor('only the kept instance listed', async () => {
    const list = await server.listInstances(service);
    return list.length === 1 && list;
  });
  assert.equal(hosts[0].port, keep.port);
  assert.deepEqual(beating().map((b) => b.port), [18006]);
});

test('registering the same ip:port again replaces it: one instance, one heartbeat', async () => {
  const service = uniqueName('rereg');
  await client.registerInstance(service, { ip: '127.0.0.17', port: 18008, weight: 1.5 });
  await client.registerInstance(service, { ip: '127.0.0.17', port: 18008, weight: 4 });
  const hosts = await server.listInstances(service);
  assert.equal(hosts.length, 1);
  assert.equal(hosts[0].weight, 4);
  assert.equal(client.beatingInstances().filter((b) => b.serviceName === service).length, 1);
});

test('a persistent instance (ephemeral=false) is registered but not beaten', async () => {
  const service = uniqueName('persistent');
  await client.registerInstance(service, { ip: '127.0.0.18', port: 18009, ephemeral: false });
  const host = await server.findInstance(service, '127.0.0.18', 18009);
  assert.ok(host);
  assert.equal(host.ephemeral, false);
  assert.equal(client.beatingInstances().filter((b) => b.serviceName === service).length, 0);
  await client.deregisterInstance(service, { ip: '127.0.0.18', port: 18009, ephemeral: false });
  await waitFor('persistent instance removed', async () =>
    !(await server.findInstance(service, '127.0.0.18', 18009)));
});
