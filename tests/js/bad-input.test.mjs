// A table of bad input across the whole API (validation.test.mjs has the basic register cases): each is
// a NacosError with a clear message, nothing reaches the server, and the client keeps working afterwards.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { NacosNamingClient } from './harness/pkg.mjs';
import { startRnacos } from './harness/rnacos.mjs';
import { countingServer, rejection, thrown, uniqueName } from './harness/util.mjs';

let server;
// The client's only server: a proxy to r-nacos that counts what reaches it.
let proxy;

before(async () => {
  server = await startRnacos({ label: 'bad-input' });
  proxy = await countingServer({ forwardTo: server.baseUrl });
});

after(async () => {
  await proxy?.close();
  await server?.stop();
});

const ok = { ip: '127.0.0.91', port: 37000 };
const noop = () => {};
// Over the 504 KB of parameters a Nacos server accepts in its request line.
const HUGE = 'x'.repeat(600 * 1024);

// [what, (client) => the call, the message must match, 'sync' for a method that returns no promise]
const badCalls = [
  // names
  ['serviceName Symbol', (c) => c.registerInstance(Symbol('s'), ok), /serviceName must be a string, got symbol/],
  ['serviceName object', (c) => c.registerInstance({}, ok), /serviceName must be a string, got object/],
  ['serviceName BigInt', (c) => c.registerInstance(1n, ok), /serviceName must be a string, got bigint/],
  ['serviceName of 600 KB', (c) => c.registerInstance(HUGE, ok), /too large/],
  ["groupName 'a@@b' on a read", (c) => c.selectOneHealthyInstance('s', 'a@@b'), /groupName.*'@@'/],
  // ports and weights
  ['port NaN', (c) => c.registerInstance('s', { ...ok, port: NaN }), /port must be an integer from 0 to 65535, got NaN/],
  ['port Infinity', (c) => c.registerInstance('s', { ...ok, port: Infinity }), /got Infinity/],
  ['port BigInt', (c) => c.registerInstance('s', { ...ok, port: 80n }), /expected a number/],
  ["port '80'", (c) => c.registerInstance('s', { ...ok, port: '80' }), /expected a number/],
  ['weight -Infinity', (c) => c.registerInstance('s', { ...ok, weight: -Infinity }), /weight must be a number from 0 to 10000/],
  ['update: weight Infinity', (c) => c.updateInstance('s', { ...ok, weight: Infinity }), /weight/],
  // other instance fields
  ['ip a number', (c) => c.registerInstance('s', { ...ok, ip: 1 }), /expected a string/],
  ['ip with a newline', (c) => c.registerInstance('s', { ...ok, ip: '10.0.0.1\n' }), /control characters/],
  ['service name with a newline', (c) => c.registerInstance('a\nb', ok), /serviceName.*control characters/],
  ['group with a tab', (c) => c.getAllInstances('s', 'g\t1'), /groupName.*control characters/],
  ['ip of 300 characters', (c) => c.registerInstance('s', { ...ok, ip: 'a'.repeat(300) }), /longer than 253/],
  ["ephemeral 'true'", (c) => c.registerInstance('s', { ...ok, ephemeral: 'true' }), /expected true or false/],
  ['enabled 1', (c) => c.registerInstance('s', { ...ok, enabled: 1 }), /expected true or false/],
  ['clusterName a number', (c) => c.registerInstance('s', { ...ok, clusterName: 5 }), /expected a string/],
  ['instance an array', (c) => c.registerInstance('s', []), /instance must be an object/],
  ['instance a function', (c) => c.registerInstance('s', noop), /instance must be an object/],
  ['instance a Map', (c) => c.registerInstance('s', new Map([['ip', '1.2.3.4']])), /ip is required/],
  ['instance with a cycle', (c) => { const cyclic = { ...ok }; cyclic.self = cyclic; return c.registerInstance('s', cyclic); }, /cannot be copied/],
  ['instance with a throwing getter', (c) => c.registerInstance('s', { ...ok, get weight() { throw new Error('no'); } }), /cannot be copied/],
  ['port undefined', (c) => c.registerInstance('s', { ...ok, port: undefined }), /port is required/],
  // metadata
  ['metadata value boolean', (c) => c.registerInstance('s', { ...ok, metadata: { a: true } }), /metadata\["a"\] must be a string, got a boolean/],
  ['metadata value object', (c) => c.registerInstance('s', { ...ok, metadata: { a: {} } }), /got an object/],
  ['metadata value undefined', (c) => c.registerInstance('s', { ...ok, metadata: { a: undefined } }), /must be a string/],
  ['metadata value function', (c) => c.registerInstance('s', { ...ok, metadata: { a: noop } }), /invalid instance/],
  ['metadata value Symbol', (c) => c.registerInstance('s', { ...ok, metadata: { a: Symbol('x') } }), /invalid instance/],
  ['metadata value BigInt', (c) => c.registerInstance('s', { ...ok, metadata: { a: 1n } }), /must be a string/],
  ['metadata of 600 KB', (c) => c.registerInstance('s', { ...ok, metadata: { big: HUGE } }), /too large/],
  ['update: metadata of 600 KB', (c) => c.updateInstance('s', { ...ok, metadata: { big: HUGE } }), /too large/],
  ["ip delete timeout '-1'", (c) => c.registerInstance('s', { ...ok, metadata: { 'preserved.ip.delete.timeout': '-1' } }), /whole number of milliseconds/],
  ['beat interval of 14 digits', (c) => c.registerInstance('s', { ...ok, metadata: { 'preserved.heart.beat.interval': '99999999999999' } }), /whole number of milliseconds/],
  // discovery arguments
  ['getAllInstances blank serviceName', (c) => c.getAllInstances(''), /serviceName is blank/],
  ["getAllInstances cluster 'a_b'", (c) => c.getAllInstances('s', undefined, ['a_b']), /cluster name "a_b" is illegal/],
  ['getAllInstances clusters a number', (c) => c.getAllInstances('s', undefined, 5), /clusters must be an array of strings/],
  ['getAllInstances clusters [1]', (c) => c.getAllInstances('s', undefined, [1]), /each cluster must be a string/],
  ["getAllInstances subscribe 'yes'", (c) => c.getAllInstances('s', undefined, undefined, 'yes'), /subscribe must be true or false/],
  ["selectInstances healthy 'true'", (c) => c.selectInstances('s', undefined, undefined, 'true'), /healthy must be true or false/],
  ['subscribe without a listener', (c) => c.subscribe('s'), /listener must be a function/],
  ['subscribe with a string listener', (c) => c.subscribe('s', 'fn'), /listener must be a function/],
  ['subscribe info a number', (c) => c.subscribe(5, noop), /subscribe info must be a string or an object/],
  ['subscribe info with an unknown field', (c) => c.subscribe({ serviceName: 's', bogus: 1 }, noop), /unknown field `bogus`/],
  ['subscribe info without serviceName', (c) => c.subscribe({}, noop), /serviceName must be a string/],
  ['unSubscribe with a string listener', (c) => c.unSubscribe('s', 'x'), /listener must be a function/, 'sync'],
  ['getServicesOfServer pageNo 0', (c) => c.getServicesOfServer(0, 10), /pageNo must be a whole number from 1/],
  ["getServicesOfServer pageNo '1'", (c) => c.getServicesOfServer('1', 10), /pageNo must be a number, got string/],
  ['getServicesOfServer pageSize 100000', (c) => c.getServicesOfServer(1, 100000), /pageSize must be a whole number from 1 to 10000/],
  ['getServicesOfServer pageSize NaN', (c) => c.getServicesOfServer(1, NaN), /pageSize/],
  ['getService blank serviceName', (c) => c.getService(' '), /serviceName is blank/],
  ['getService groupName a number', (c) => c.getService('s', 5), /groupName must be a string, got number/],
];

function assertInvalid(error, what, message) {
  assert.ok(error instanceof Error, `${what}: a real Error`);
  assert.equal(error.name, 'NacosError', what);
  assert.equal(error.code, 'INVALID_PARAM', `${what}: ${error.code} ${error.message}`);
  assert.equal(error.errCode, -400, what);
  assert.match(error.message, message, what);
  // Clear means short too: a message never echoes a huge argument back.
  assert.ok(error.message.length < 400, `${what}: a ${error.message.length}-character message`);
}

test(`${badCalls.length} bad calls reject with INVALID_PARAM, send nothing, and leave the client usable`, async () => {
  assert.ok(badCalls.length >= 40);
  const client = new NacosNamingClient({ serverList: proxy.address, autoBeat: false });
  try {
    for (const [what, call, message, sync] of badCalls) {
      if (sync) {
        assertInvalid(thrown(() => call(client)), what, message);
        continue;
      }
      const pending = call(client);
      assert.ok(pending instanceof Promise, `${what}: returns a promise, never throws`);
      assertInvalid(await rejection(pending), what, message);
    }
    assert.deepEqual(proxy.requests, [], 'nothing reached the server');
    assert.deepEqual(client.beatingInstances(), [], 'nothing scheduled');

    const service = uniqueName('usable-after');
    await client.registerInstance(service, ok);
    assert.deepEqual((await client.getAllInstances(service)).map((h) => h.port), [ok.port]);
    assert.deepEqual(proxy.requests.map((r) => r.method), ['POST', 'GET']);
  } finally {
    await client.close();
  }
});

// [what, options]
const badOptions = [
  ['namespace a number', { namespace: 5 }],
  ['namespace with a space', { namespace: 'a b' }],
  ['pollIntervalMs 999', { pollIntervalMs: 999 }],
  ['pollIntervalMs 60001', { pollIntervalMs: 60001 }],
  ['requestTimeoutMs Infinity', { requestTimeoutMs: Infinity }],
  ['requestTimeoutMs 0', { requestTimeoutMs: 0 }],
  ['maxRetry 0', { maxRetry: 0 }],
  ['maxRetry 1.5', { maxRetry: 1.5 }],
  ['username without password', { username: 'nacos' }],
  ['password a number', { username: 'nacos', password: 5 }],
  ['username with a newline', { username: 'a\nb', password: 'p' }],
  ['accessKey without secretKey', { accessKey: 'ak' }],
  ["tokenInQuery 'yes'", { tokenInQuery: 'yes' }],
  ['appName a number', { appName: 1 }],
  ['serverList an object', { serverList: {} }],
  ['serverList null', { serverList: null }],
  ['serverList holding null', { serverList: ['127.0.0.1', null] }],
  ['server URL with a query', { serverList: 'http://127.0.0.1:8848/?a=1' }],
  ["server entry '[::1'", { serverList: '[::1' }],
  ["server entry 'h:'", { serverList: 'h:' }],
];

test(`${badOptions.length} bad options throw INVALID_PARAM from the constructor and send nothing`, () => {
  const seen = proxy.requests.length;
  for (const [what, options] of badOptions) {
    const error = thrown(() => new NacosNamingClient({ serverList: proxy.address, ...options }));
    assert.ok(error instanceof Error, `${what}: a real Error`);
    assert.equal(error.name, 'NacosError', what);
    assert.equal(error.code, 'INVALID_PARAM', `${what}: ${error.code} ${error.message}`);
    assert.ok(error.message.length > 10 && !error.message.includes('\n'), `${what}: ${error.message}`);
  }
  // The password is never echoed, even when it is of the wrong type.
  const error = thrown(() => new NacosNamingClient({ serverList: proxy.address, username: 'u', password: 123456789 }));
  assert.ok(!error.message.includes('123456789'), error.message);
  assert.equal(proxy.requests.length, seen, 'constructors send nothing');
});

test('close() with bad options rejects INVALID_PARAM and the client stays open', async () => {
  const client = new NacosNamingClient({ serverList: proxy.address, autoBeat: false });
  for (const [what, options, message] of [
    ['a string', 'x', /close options must be an object/],
    ['an unknown field', { dereg: true }, /unknown field `dereg`/],
  ]) {
    assertInvalid(await rejection(client.close(options)), `close(${what})`, message);
  }
  const service = uniqueName('open-after-bad-close');
  await client.registerInstance(service, ok);
  assert.ok(await server.findInstance(service, ok.ip, ok.port));
  await client.close();
});
