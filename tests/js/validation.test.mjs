// Bad input is rejected with INVALID_PARAM before anything is sent; the client keeps working afterwards.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { NacosNamingClient } from './harness/pkg.mjs';
import { startRnacos } from './harness/rnacos.mjs';
import { countingServer, rejection, thrown, uniqueName } from './harness/util.mjs';

let server;
// The client's only server: a proxy to r-nacos that counts what reaches it.
let proxy;

before(async () => {
  server = await startRnacos({ label: 'validation' });
  proxy = await countingServer({ forwardTo: server.baseUrl });
});

after(async () => {
  await proxy?.close();
  await server?.stop();
});

const ok = { ip: '127.0.0.41', port: 26000 };

function assertInvalid(error, what) {
  assert.ok(error instanceof Error, `${what}: a real Error`);
  assert.equal(error.name, 'NacosError', what);
  assert.equal(error.code, 'INVALID_PARAM', `${what}: ${error.code} ${error.message}`);
  assert.equal(error.errCode, -400, what);
  assert.ok(error.message.length > 0, what);
}

// [what, method, serviceName, instance, groupName?]
const badCalls = [
  ['blank serviceName', 'registerInstance', '', ok],
  ['whitespace serviceName', 'registerInstance', '   ', ok],
  ['number serviceName', 'registerInstance', 42, ok],
  ['missing serviceName', 'registerInstance', undefined, ok],
  ['null instance', 'registerInstance', 'svc', null],
  ['string instance', 'registerInstance', 'svc', '127.0.0.1:80'],
  ['missing ip', 'registerInstance', 'svc', { port: 8080 }],
  ['blank ip', 'registerInstance', 'svc', { ip: ' ', port: 8080 }],
  ['missing port', 'registerInstance', 'svc', { ip: '127.0.0.41' }],
  ['port 70000', 'registerInstance', 'svc', { ...ok, port: 70000 }],
  ['port -1', 'registerInstance', 'svc', { ...ok, port: -1 }],
  ['port 1.5', 'registerInstance', 'svc', { ...ok, port: 1.5 }],
  ["port 'x'", 'registerInstance', 'svc', { ...ok, port: 'x' }],
  ['weight NaN', 'registerInstance', 'svc', { ...ok, weight: NaN }],
  ['weight -1', 'registerInstance', 'svc', { ...ok, weight: -1 }],
  ['weight Infinity', 'registerInstance', 'svc', { ...ok, weight: Infinity }],
  ['weight 10001', 'registerInstance', 'svc', { ...ok, weight: 10001 }],
  ["weight '1'", 'registerInstance', 'svc', { ...ok, weight: '1' }],
  ["clusterName 'a_b'", 'registerInstance', 'svc', { ...ok, clusterName: 'a_b' }],
  ["clusterName 'a b'", 'registerInstance', 'svc', { ...ok, clusterName: 'a b' }],
  ['metadata value number', 'registerInstance', 'svc', { ...ok, metadata: { v: 1 } }],
  ['metadata value null', 'registerInstance', 'svc', { ...ok, metadata: { v: null } }],
  ['metadata array', 'registerInstance', 'svc', { ...ok, metadata: ['a'] }],
  ['metadata string', 'registerInstance', 'svc', { ...ok, metadata: 'k=v' }],
  ['beat interval < 1000 ms', 'registerInstance', 'svc',
    { ...ok, metadata: { 'preserved.heart.beat.interval': '500' } }],
  ['beat timeout < interval', 'registerInstance', 'svc',
    { ...ok, metadata: { 'preserved.heart.beat.interval': '6000', 'preserved.heart.beat.timeout': '3000' } }],
  ['non-digit beat interval', 'registerInstance', 'svc',
    { ...ok, metadata: { 'preserved.heart.beat.interval': '5s' } }],
  ['healthy as string', 'registerInstance', 'svc', { ...ok, healthy: 'yes' }],
  ['unknown instance field', 'registerInstance', 'svc', { ...ok, wieght: 2 }],
  ["'@@svc' (empty group)", 'registerInstance', '@@svc', ok],
  ["'grp@@' (empty service)", 'registerInstance', 'grp@@', ok],
  ["'a@@b@@c'", 'registerInstance', 'a@@b@@c', ok],
  ["groupName 'x@@y'", 'registerInstance', 'svc', ok, 'x@@y'],
  ['blank groupName', 'registerInstance', 'svc', ok, ' '],
  ['number groupName', 'registerInstance', 'svc', ok, 7],
  ["'g1@@svc' with groupName 'g2'", 'registerInstance', 'g1@@svc', ok, 'g2'],
  ['deregister: port 70000', 'deregisterInstance', 'svc', { ...ok, port: 70000 }],
  ['deregister: blank serviceName', 'deregisterInstance', '', ok],
  ['update: weight NaN', 'updateInstance', 'svc', { ...ok, weight: NaN }],
  ['update: unknown field', 'updateInstance', 'svc', { ...ok, bogus: true }],
];

test('bad arguments reject with INVALID_PARAM and send no request', async () => {
  const client = new NacosNamingClient({ serverList: proxy.address, autoBeat: false });
  try {
    for (const [what, method, service, instance, ...group] of badCalls) {
      // A rejection, not a synchronous throw: the call itself must return a promise.
      const pending = client[method](service, instance, ...group);
      assert.ok(pending instanceof Promise, `${what}: returns a promise`);
      assertInvalid(await rejection(pending), what);
    }
    assert.deepEqual(proxy.requests, [], 'nothing reached the server');
    assert.deepEqual(client.beatingInstances(), [], 'nothing scheduled');

    // The same client still works: a valid call goes through the proxy to r-nacos.
    const service = uniqueName('valid-after');
    await client.registerInstance(service, ok);
    assert.ok(await server.findInstance(service, ok.ip, ok.port));
    assert.equal(proxy.requests.length, 1);
    assert.equal(proxy.requests[0].method, 'POST');
    assert.ok(proxy.requests[0].url.startsWith('/nacos/v1/ns/instance?'), proxy.requests[0].url);
  } finally {
    await client.close();
  }
});

test('bad client options throw synchronously from the constructor', () => {
  const seen = proxy.requests.length;
  const base = { serverList: proxy.address };
  const cases = [
    ['no options', undefined, 'INVALID_PARAM'],
    ['options not an object', 'localhost:8848', 'INVALID_PARAM'],
    ['missing serverList', {}, 'INVALID_PARAM'],
    ['unknown option', { ...base, timeout: 1000 }, 'INVALID_PARAM'],
    ["server entry '::1'", { serverList: '::1' }, 'INVALID_PARAM'],
    ['server entry with a space', { serverList: 'a b:8848' }, 'INVALID_PARAM'],
    ['server entry port 99999', { serverList: '127.0.0.1:99999' }, 'INVALID_PARAM'],
    ['ftp:// server', { serverList: 'ftp://127.0.0.1:21' }, 'INVALID_PARAM'],
    ['credentials in a server URL', { serverList: 'http://u:p@127.0.0.1:8848' }, 'INVALID_PARAM'],
    ['serverList of numbers', { serverList: [8848] }, 'INVALID_PARAM'],
    ['empty serverList', { serverList: ' , ' }, 'NO_SERVER_AVAILABLE'],
    ['negative requestTimeoutMs', { ...base, requestTimeoutMs: -1 }, 'INVALID_PARAM'],
    ['NaN maxRetry', { ...base, maxRetry: NaN }, 'INVALID_PARAM'],
    ['negative serverCooldownMs', { ...base, serverCooldownMs: -1 }, 'INVALID_PARAM'],
    ['autoBeat as string', { ...base, autoBeat: 'false' }, 'INVALID_PARAM'],
    ['onEvent not a function', { ...base, onEvent: 'log' }, 'INVALID_PARAM'],
  ];
  for (const [what, options, code] of cases) {
    const error = thrown(() => new NacosNamingClient(options));
    assert.ok(error instanceof Error, `${what}: a real Error`);
    assert.equal(error.name, 'NacosError', what);
    assert.equal(error.code, code, `${what}: ${error.code} ${error.message}`);
  }
  assert.equal(proxy.requests.length, seen, 'constructors send nothing');
});

test('unusual but valid server lists are accepted, in the order and form given', async () => {
  const cases = [
    ['[::1]:8848', ['[::1]:8848']],
    ['http://127.0.0.1:8848', ['http://127.0.0.1:8848']],
    [['127.0.0.1', 'localhost:8848'], ['127.0.0.1', 'localhost:8848']],
    ['a:1;b:2, c', ['a:1', 'b:2', 'c']],
  ];
  for (const [serverList, expected] of cases) {
    const client = new NacosNamingClient({ serverList });
    assert.deepEqual(client.serverStates().map((s) => s.server), expected);
    assert.ok(client.serverStates().every((s) => s.up && s.failures === 0));
    await client.close();
  }
});
