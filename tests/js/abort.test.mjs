// A request timeout and close() really end the request (the socket closes), not only the wait for
// it, in both of fetch.js's ways of ending one in Node: a shared AbortSignal (before the process's
// first fetch has made undici's global dispatcher) and the abort undici hands its handler (after).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NacosNamingClient } from './harness/pkg.mjs';
import { rejection, silentServer, uniqueName, waitFor } from './harness/util.mjs';

const UNDICI_DISPATCHER = Symbol.for('undici.globalDispatcher.1');
const TIMEOUT = 500;
/** Far more than any timing slack, far less than undici's own 300 s header timeout. */
const PROMPTLY = 10000;

/** `promise`'s rejection, failing the test if it takes longer than PROMPTLY. */
function promptRejection(promise, what) {
  let timer;
  const guard = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${PROMPTLY} ms`)), PROMPTLY);
  });
  return Promise.race([rejection(promise), guard]).finally(() => clearTimeout(timer));
}

/** Registers at a server that accepts and never answers; the client gives up after TIMEOUT. */
async function timesOutAndHangsUp() {
  const hung = await silentServer();
  const client = new NacosNamingClient({ serverList: hung.address, requestTimeoutMs: TIMEOUT, maxRetry: 1, autoBeat: false });
  try {
    const started = Date.now();
    const error = await promptRejection(client.registerInstance(uniqueName('abort'), { ip: '127.0.0.70', port: 28001 }), 'the timeout');
    assert.equal(error.code, 'TIMEOUT', error.message);
    assert.ok(Date.now() - started >= TIMEOUT, 'timed out early');
    // undici's own header timeout is 300 s: a socket closed this soon was closed by the client.
    await waitFor('the hung connection closed by the client', () => hung.requestsOpen === 0, { timeoutMs: 3000, intervalMs: 50 });
  } finally {
    await client.close();
    await hung.close();
  }
}

/** close() during a request to a server that never answers: CLOSED, and the socket is closed. */
async function closeHangsUp() {
  const hung = await silentServer();
  const client = new NacosNamingClient({ serverList: hung.address, requestTimeoutMs: 60000, maxRetry: 1, autoBeat: false });
  try {
    const pending = promptRejection(client.registerInstance(uniqueName('abort-close'), { ip: '127.0.0.70', port: 28002 }), 'close()');
    await waitFor('the request to reach the server', () => hung.requestsOpen === 1, { timeoutMs: 3000, intervalMs: 20 });
    await client.close();
    assert.equal((await pending).code, 'CLOSED');
    await waitFor('the connection closed by close()', () => hung.requestsOpen === 0, { timeoutMs: 3000, intervalMs: 50 });
  } finally {
    await hung.close();
  }
}

test('signal mode (no fetch yet in this process): a timeout closes the socket', { timeout: 30000 }, async () => {
  assert.equal(globalThis[UNDICI_DISPATCHER], undefined, 'this must run before the process\'s first fetch');
  await timesOutAndHangsUp();
});

test('dispatcher mode (undici\'s global dispatcher exists): a timeout closes the socket', { timeout: 30000 }, async () => {
  assert.notEqual(globalThis[UNDICI_DISPATCHER], undefined);
  await timesOutAndHangsUp();
});

test('dispatcher mode: close() during a request closes the socket', { timeout: 30000 }, async () => {
  await closeHangsUp();
});
