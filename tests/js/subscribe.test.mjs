// Subscriptions against r-nacos: listeners see other clients' changes, unSubscribe stops polling, outages answer from cache.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { NacosNamingClient } from './harness/pkg.mjs';
import { startRnacos } from './harness/rnacos.mjs';
import { countingServer, sleep, uniqueName, waitFor } from './harness/util.mjs';

let server;
let registrar;

before(async () => {
  server = await startRnacos({ label: 'subscribe' });
  registrar = new NacosNamingClient({ serverList: server.address });
});

after(async () => {
  await registrar?.close({ deregister: true });
  await server?.stop();
});

test('a listener sees an instance registered by another client', async () => {
  const service = uniqueName('watch');
  await registrar.registerInstance(service, { ip: '127.0.0.91', port: 9701 });
  const watcher = new NacosNamingClient({ serverList: server.address, pollIntervalMs: 1000 });
  const calls = [];
  try {
    await watcher.subscribe(service, (hosts, change) => calls.push({ hosts, change }));
    assert.equal(calls.length, 1, 'the current list arrives before subscribe resolves');
    assert.deepEqual(calls[0].hosts.map((h) => h.port), [9701]);
    assert.equal(calls[0].change.serviceName, service);
    await registrar.registerInstance(service, { ip: '127.0.0.92', port: 9702 });
    await waitFor('the listener to see the second instance', () =>
      calls.at(-1).hosts.some((h) => h.port === 9702), { timeoutMs: 15000 });
    const changes = calls.length;
    await sleep(2500);
    assert.equal(calls.length, changes, 'an unchanged list is not delivered again');
    // A second listener on the same service gets the cached list at once, without a new poll loop.
    const second = [];
    await watcher.subscribe({ serviceName: service }, (hosts) => second.push(hosts));
    assert.equal(second.length, 1);
    assert.equal(second[0].length, 2);
  } finally {
    await watcher.close();
  }
});

test('unSubscribe stops polling: no more requests', async () => {
  const service = uniqueName('unsub');
  await registrar.registerInstance(service, { ip: '127.0.0.93', port: 9801 });
  const counter = await countingServer({ forwardTo: server.baseUrl });
  const watcher = new NacosNamingClient({ serverList: counter.address, pollIntervalMs: 1000 });
  const listener = () => {};
  const lists = () => counter.requests.filter((r) => r.url.startsWith('/nacos/v1/ns/instance/list')).length;
  try {
    await watcher.subscribe(service, listener);
    await waitFor('at least three polls', () => lists() >= 3, { timeoutMs: 10000 });
    watcher.unSubscribe(service, listener);
    await sleep(300); // a poll already in flight may still land
    const after = lists();
    await sleep(3000);
    assert.equal(lists(), after, 'no polls after the last listener left');
  } finally {
    await watcher.close();
    await counter.close();
  }
});

test('a subscribed service answers from its cache while the servers are down', async () => {
  const service = uniqueName('outage');
  const own = await startRnacos({ label: 'subscribe-outage' });
  const events = [];
  const watcher = new NacosNamingClient({
    serverList: own.address, pollIntervalMs: 1000, maxRetry: 1, requestTimeoutMs: 1000,
    onEvent: (event) => events.push(event),
  });
  try {
    await watcher.registerInstance(service, { ip: '127.0.0.94', port: 9901, weight: 4 });
    await waitFor('the instance listed', async () => (await own.listInstances(service)).length === 1);
    const seen = [];
    await watcher.subscribe(service, (hosts) => seen.push(hosts));
    await waitFor('the listener to see the instance', () => seen.at(-1)?.length === 1);
    await own.stop();
    await waitFor('a failed poll', () => events.some((e) => e.type === 'poll-failed'), { timeoutMs: 10000 });
    const failed = events.find((e) => e.type === 'poll-failed');
    assert.equal(failed.servingCache, true);
    assert.equal(failed.serviceName, service);
    const hosts = await watcher.getAllInstances(service);
    assert.deepEqual(hosts.map((h) => [h.port, h.weight]), [[9901, 4]], 'answered from the cache');
    assert.equal((await watcher.selectOneHealthyInstance(service)).port, 9901);
    // Without a subscription the same read has no cache and fails.
    const error = await watcher.getAllInstances(uniqueName('uncached')).catch((e) => e);
    assert.equal(error.name, 'NacosError');
  } finally {
    await watcher.close();
    await own.stop();
  }
});
