// How the client runs its work (src/host/executor.rs): a call's request goes out before the method
// returns, and a listener that closes the client while answers are being handled ends the other
// requests in flight cleanly, though their answers then arrive inside the answer being handled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NacosNamingClient } from './harness/pkg.mjs';
import { startRnacos } from './harness/rnacos.mjs';
import { rejection, uniqueName } from './harness/util.mjs';

const UNDICI_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

test('a call\'s request is sent before the method returns, not a microtask later', async () => {
  const server = await startRnacos({ label: 'executor' });
  const realFetch = globalThis.fetch;
  const sent = [];
  // A spy: the real fetch does the work.
  globalThis.fetch = (url, init) => {
    sent.push(String(url));
    return realFetch(url, init);
  };
  const client = new NacosNamingClient({ serverList: server.address, autoBeat: false });
  try {
    const service = uniqueName('executor');
    const pending = client.registerInstance(service, { ip: '127.0.0.80', port: 28100 });
    assert.equal(sent.length, 1, 'the request is out when registerInstance returns');
    assert.match(sent[0], /\/nacos\/v1\/ns\/instance\?/);
    await pending;
    const hosts = await server.listInstances(service);
    assert.deepEqual(hosts.map((h) => `${h.ip}:${h.port}`), ['127.0.0.80:28100']);
  } finally {
    globalThis.fetch = realFetch;
    await client.close();
    await server.stop();
  }
});

test('a listener that closes the client on server-down: the request still waiting for a connection rejects CLOSED', { timeout: 10000 }, async () => {
  // Fault injection, in process: a fetch shaped like undici's that hands its handler to the
  // dispatcher, and a dispatcher that never starts a request (as if every connection were busy).
  // The first request fails at once; the second waits. Its CLOSED answer is given inside the
  // handling of the first one's failure, where the listener called close().
  const saved = { fetch: globalThis.fetch, dispatcher: globalThis[UNDICI_DISPATCHER] };
  const requests = [];
  globalThis[UNDICI_DISPATCHER] = { dispatch: () => true };
  globalThis.fetch = (url, init) => new Promise((resolve, reject) => {
    init.dispatcher.dispatch({ path: String(url) }, { abort: null, onConnect() {} });
    requests.push({ url: String(url), reject });
  });
  const events = [];
  let closing;
  const client = new NacosNamingClient({
    serverList: '127.0.0.1:8848',
    autoBeat: false,
    maxRetry: 1,
    onEvent: (event) => {
      events.push(event.type);
      if (event.type === 'server-down') closing = client.close();
    },
  });
  try {
    const first = rejection(client.registerInstance(uniqueName('executor'), { ip: '127.0.0.81', port: 28101 }));
    const second = rejection(client.registerInstance(uniqueName('executor'), { ip: '127.0.0.82', port: 28102 }));
    assert.equal(requests.length, 2);
    requests[0].reject(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } }));
    const [firstError, secondError] = await Promise.all([first, second]);
    assert.equal(firstError.code, 'NETWORK_ERROR', firstError.message);
    assert.equal(secondError.code, 'CLOSED', secondError.message);
    assert.ok(closing, 'the listener saw server-down and called close()');
    await closing;
    assert.deepEqual(events, ['server-down']);
    await assert.rejects(client.registerInstance('s', { ip: '127.0.0.83', port: 1 }), { code: 'CLOSED' });
  } finally {
    globalThis.fetch = saved.fetch;
    globalThis[UNDICI_DISPATCHER] = saved.dispatcher;
  }
});
