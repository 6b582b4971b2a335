// Auth against r-nacos with RNACOS_ENABLE_OPEN_API_AUTH=true and 2 s tokens: login and renewal keep
// registration and beats alive over many token lifetimes; a recording proxy (fault-free, it only
// forwards) shows no password or token in any URL; wrong credentials; one login for many callers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { NacosNamingClient } from './harness/pkg.mjs';
import { startRnacos } from './harness/rnacos.mjs';
import { countingServer, rejection, sleep, uniqueName } from './harness/util.mjs';

const TOKEN_TTL_S = 2;
// Unhealthy (4 + 3) s after the last beat; see heartbeat.test.mjs for r-nacos's timing.
const HEALTH_TIMEOUT_S = 4;
const UNHEALTHY_AFTER_MS = (HEALTH_TIMEOUT_S + 3) * 1000;

let server;
let proxy;

before(async () => {
  server = await startRnacos({
    label: 'auth',
    env: {
      RNACOS_ENABLE_OPEN_API_AUTH: 'true',
      // A password unlike the username, so a leak of one is not mistaken for the other.
      RNACOS_INIT_ADMIN_PASSWORD: 'Adm1n-S3cret!pw',
      RNACOS_API_LOGIN_TIMEOUT: TOKEN_TTL_S,
      // Logins are rate-limited per user and minute; these tests log in often on purpose.
      RNACOS_API_LOGIN_ONE_MINUTE_LIMIT: 10000,
      RNACOS_NAMING_HEALTH_TIMEOUT_SECOND: HEALTH_TIMEOUT_S,
      RNACOS_NAMING_INSTANCE_TIMEOUT_SECOND: 60,
    },
  });
  proxy = await countingServer({ forwardTo: server.baseUrl });
});

after(async () => {
  await proxy?.close();
  await server?.stop();
});

const logins = () => proxy.requests.filter((r) => r.url.startsWith('/nacos/v1/auth/'));
const tokensSeen = () => new Set(proxy.requests.map((r) => r.headers.accesstoken).filter(Boolean));

function assertNothingSecretInUrls(password) {
  for (const { url } of proxy.requests) {
    assert.ok(!url.includes(password), `password in ${url}`);
    assert.ok(!/accessToken/i.test(url), `token in ${url}`);
    for (const token of tokensSeen()) assert.ok(!url.includes(token), `token in ${url}`);
  }
}

test('beats keep a logged-in instance healthy across many token lifetimes', async () => {
  const { username, password } = server.credentials;
  const service = uniqueName('auth-beat');
  const events = [];
  const client = new NacosNamingClient({ serverList: proxy.address, username, password, onEvent: (e) => events.push(e) });
  proxy.requests.length = 0;
  try {
    const started = Date.now();
    await client.registerInstance(service, { ip: '127.0.0.41', port: 41001, metadata: { 'preserved.heart.beat.interval': '1000' } });
    // The control: registered with a token of the harness's own, and never beaten.
    const { accessToken } = await (await fetch(`${server.baseUrl}/nacos/v1/auth/users/login`, {
      method: 'POST',
      body: new URLSearchParams({ username, password }),
    })).json();
    const query = new URLSearchParams({ serviceName: service, ip: '127.0.0.41', port: '41002', ephemeral: 'true' });
    const res = await fetch(`${server.baseUrl}/nacos/v1/ns/instance?${query}`, { method: 'POST', headers: { accessToken } });
    assert.equal(res.status, 200, await res.text());

    let controlWentUnhealthy = false;
    while (Date.now() - started < UNHEALTHY_AFTER_MS + 6000) {
      const hosts = await server.listInstances(service);
      const beaten = hosts.find((h) => h.port === 41001);
      assert.ok(beaten?.healthy, `the logged-in instance is unhealthy after ${Date.now() - started} ms`);
      // r-nacos shows all as healthy when all are unhealthy, so the control turning unhealthy also
      // proves the beaten one really was healthy.
      if (!hosts.find((h) => h.port === 41002)?.healthy) controlWentUnhealthy = true;
      await sleep(250);
    }
    assert.ok(controlWentUnhealthy, 'the control instance went unhealthy');
    const beats = events.filter((e) => e.type === 'beat');
    assert.ok(beats.length >= 2, `${beats.length} beats`);
    assert.deepEqual(events.filter((e) => e.type === 'beat-failed'), []);
    // 13 s with 2 s tokens renewed at 1.8 s: a login before the register, and one for each beat
    // after the first (at 6 s and 11 s), since every later beat finds the token expired.
    assert.ok(logins().length >= 3, `${logins().length} logins`);
    assert.ok(tokensSeen().size >= 3, `${tokensSeen().size} different tokens used`);
    assertNothingSecretInUrls(password);
    const shown = JSON.stringify(events);
    for (const secret of [password, ...tokensSeen()]) assert.ok(!shown.includes(secret), 'a secret in an event');
  } finally {
    await client.close({ deregister: true });
  }
});

test('the login sends the password in the form body, the username in the query', async () => {
  const { username, password } = server.credentials;
  const client = new NacosNamingClient({ serverList: proxy.address, username, password });
  proxy.requests.length = 0;
  try {
    await client.getAllInstances(uniqueName('auth-read'));
    const [first] = logins();
    assert.equal(first.method, 'POST');
    assert.equal(first.url, `/nacos/v1/auth/users/login?username=${username}`);
    assert.match(first.headers['content-type'], /^application\/x-www-form-urlencoded/);
    const read = proxy.requests.find((r) => r.url.startsWith('/nacos/v1/ns/instance/list'));
    assert.ok(read.headers.accesstoken, 'the read carried the token in the accessToken header');
    assertNothingSecretInUrls(password);
  } finally {
    await client.close();
  }
});

test('a wrong password rejects with AUTH_FAILED, sends nothing else, and never shows the password', async () => {
  const events = [];
  const wrong = 'not-the-password-91';
  const client = new NacosNamingClient({ serverList: proxy.address, username: 'admin', password: wrong, onEvent: (e) => events.push(e) });
  proxy.requests.length = 0;
  try {
    const error = await rejection(client.registerInstance(uniqueName('auth-wrong'), { ip: '127.0.0.42', port: 42001 }));
    assert.equal(error.name, 'NacosError');
    assert.equal(error.code, 'AUTH_FAILED');
    assert.equal(error.errCode, 403);
    assert.match(error.message, /^login as "admin" failed: .*403.*wrong username or password/);
    for (const text of [error.message, error.stack, String(error), JSON.stringify(error), JSON.stringify(events)]) {
      assert.ok(!text.includes(wrong), `password shown in ${text}`);
    }
    assert.ok(proxy.requests.length > 0 && proxy.requests.every((r) => r.url.startsWith('/nacos/v1/auth/')), 'only logins were sent');
  } finally {
    await client.close();
  }
});

test('concurrent requests after the token expired log in once', async () => {
  const { username, password } = server.credentials;
  const client = new NacosNamingClient({ serverList: proxy.address, username, password });
  try {
    const service = uniqueName('auth-many');
    await client.getAllInstances(service);
    await sleep(TOKEN_TTL_S * 1000 + 200);
    proxy.requests.length = 0;
    const reads = await Promise.all(Array.from({ length: 8 }, () => client.getAllInstances(service)));
    assert.equal(reads.length, 8);
    assert.equal(logins().length, 1, `logins: ${JSON.stringify(logins().map((r) => r.url))}`);
    assert.equal(tokensSeen().size, 1, 'all eight used the one new token');
  } finally {
    await client.close();
  }
});

test('tokenInQuery puts the token in the accessToken parameter for old servers', async () => {
  const { username, password } = server.credentials;
  const client = new NacosNamingClient({ serverList: proxy.address, username, password, tokenInQuery: true });
  proxy.requests.length = 0;
  try {
    const service = uniqueName('auth-query');
    await client.registerInstance(service, { ip: '127.0.0.43', port: 43001 });
    assert.ok(await server.findInstance(service, '127.0.0.43', 43001));
    const register = proxy.requests.find((r) => r.method === 'POST' && r.url.startsWith('/nacos/v1/ns/instance?'));
    assert.match(register.url, /[?&]accessToken=[^&]+/);
    assert.equal(register.headers.accesstoken, undefined);
  } finally {
    await client.close({ deregister: true });
  }
});

test('AK/SK: every call carries ak, app, data and a signature Node computes the same', async () => {
  const { username, password } = server.credentials;
  const secretKey = 'sk-7f3a/secret+key=';
  const client = new NacosNamingClient({
    serverList: proxy.address, username, password, accessKey: 'ak-test', secretKey, appName: 'orders-app',
  });
  proxy.requests.length = 0;
  try {
    const service = uniqueName('auth-sign');
    const before = Date.now();
    await client.registerInstance(service, { ip: '127.0.0.44', port: 44001 }, 'shop');
    const register = proxy.requests.find((r) => r.method === 'POST' && r.url.startsWith('/nacos/v1/ns/instance?'));
    const query = new URL(register.url, 'http://x').searchParams;
    assert.equal(query.get('ak'), 'ak-test');
    assert.equal(query.get('app'), 'orders-app');
    const [ms, signed] = query.get('data').split(/@@(.*)/s);
    assert.equal(signed, `shop@@${service}`);
    assert.ok(Number(ms) >= before && Number(ms) <= Date.now(), `data time ${ms}`);
    assert.equal(query.get('signature'), createHmac('sha1', secretKey).update(query.get('data')).digest('base64'));
    for (const { url } of proxy.requests) assert.ok(!url.includes(encodeURIComponent(secretKey)) && !url.includes(secretKey));
  } finally {
    await client.close({ deregister: true });
  }
});

test('a token with a line break (a hostile server) is refused, not split into extra headers', async () => {
  // A stand-in server that answers every request with this login reply, not r-nacos.
  const hostile = await countingServer({
    body: JSON.stringify({ accessToken: 'abc\nx-injected\nyes', tokenTtl: 18000, globalAdmin: false }),
  });
  const client = new NacosNamingClient({ serverList: hostile.address, username: 'admin', password: 'admin', maxRetry: 1 });
  try {
    const error = await rejection(client.registerInstance(uniqueName('auth-crlf'), { ip: '127.0.0.43', port: 43001 }));
    assert.equal(error.code, 'NETWORK_ERROR');
    assert.match(error.message, /invalid value for header accessToken: it contains a line break/);
    assert.ok(!error.message.includes('abc'), `the token stays hidden: ${error.message}`);
    assert.deepEqual(hostile.requests.map((r) => r.url.split('?')[0]), ['/nacos/v1/auth/users/login']);
    assert.ok(hostile.requests.every((r) => !('x-injected' in r.headers)));
  } finally {
    await client.close();
    await hostile.close();
  }
});
