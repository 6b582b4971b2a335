// The request timeout and close() of the shipped fetch.js (the requests of one short window share a
// timer, and an AbortController or, with undici, each its own abort), under mocked timers and a
// stubbed fetch: deterministic, no server.
import { test, mock, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { consumerDir } from './harness/pkg.mjs';

const snippets = path.join(consumerDir, 'node_modules', 'nacos-wasm', 'web', 'snippets');
const [hashed] = fs.readdirSync(snippets);
const { FetchRequests } = await import(pathToFileURL(path.join(snippets, hashed, 'src', 'host', 'fetch.js')).href);

const TIMEOUT = 1000;
/** fetch.js's batch window for TIMEOUT: a tenth of it, at most 100 ms. */
const WINDOW = 100;

let calls;
let realFetch;

beforeEach(() => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  calls = [];
  realFetch = globalThis.fetch;
  // Each call hangs until the test answers it, or rejects when its signal aborts, as fetch does.
  globalThis.fetch = (url, init) => new Promise((resolve, reject) => {
    const call = { url, init, answer: (body) => resolve({ status: 200, text: async () => body }) };
    init.signal.addEventListener('abort', () => reject(new Error('aborted')));
    calls.push(call);
  });
});

afterEach(() => {
  globalThis.fetch = realFetch;
  mock.timers.reset();
});

/** A FetchRequests whose answers land in `answers` by request id. */
function requests() {
  const answers = new Map();
  const fetches = new FetchRequests((id, ok, status, text) => answers.set(id, ok ? `ok ${status} ${text}` : text));
  return { fetches, answers };
}

/** Until answers have been handed over: they wait for the end of the event loop's round (setImmediate). */
const settle = () => new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
/** Until pending promise callbacks have run, but not the end of the round. */
const microtasks = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

test('every request gets at least its timeout, and at most a window more', async () => {
  const { fetches, answers } = requests();
  fetches.send(1, 'http://s/a', 0, '', undefined, TIMEOUT); // opens a batch at 0
  mock.timers.tick(WINDOW - 1);
  fetches.send(2, 'http://s/b', 0, undefined, undefined, TIMEOUT); // joins it at 99
  mock.timers.tick(1);
  fetches.send(3, 'http://s/c', 0, undefined, undefined, TIMEOUT); // a new batch at 100
  assert.equal(calls[0].init.signal, calls[1].init.signal, 'one window shares one signal');
  assert.notEqual(calls[1].init.signal, calls[2].init.signal);

  // Request 2 started at 99: at 1099 it has had its full timeout, not before.
  mock.timers.tick(TIMEOUT - 1); // now 1099
  await settle();
  assert.equal(answers.size, 0, 'nothing may time out before its own timeout');
  mock.timers.tick(2); // 1101
  await settle();
  assert.equal(answers.get(1), 'timeout');
  assert.equal(answers.get(2), 'timeout');
  assert.equal(answers.has(3), false, 'the next batch has its own deadline');
  mock.timers.tick(WINDOW); // 1201
  await settle();
  assert.equal(answers.get(3), 'timeout');
});

test('answers of one event-loop round are handed over together, in order, once its I/O is done', async () => {
  const { fetches, answers } = requests();
  const order = [];
  const saved = fetches.onAnswer;
  fetches.onAnswer = (id, ...rest) => {
    order.push(id);
    saved(id, ...rest);
  };
  for (const id of [1, 2, 3]) fetches.send(id, `http://s/${id}`, 1, id === 1 ? '' : undefined, undefined, TIMEOUT);
  calls[1].answer('b');
  calls[0].answer('a');
  calls[2].answer('c');
  await microtasks();
  assert.equal(answers.size, 0, 'not handed over one by one as their promises settle');
  await settle();
  assert.deepEqual(order, [2, 1, 3]);
  assert.deepEqual([1, 2, 3].map((id) => answers.get(id)), ['ok 200 a', 'ok 200 b', 'ok 200 c']);
});

test('the only request in flight is handed over as soon as it is answered, not at the round\'s end', async () => {
  const { fetches, answers } = requests();
  fetches.send(1, 'http://s/a', 1, '', undefined, TIMEOUT);
  calls[0].answer('alone');
  await microtasks();
  assert.equal(answers.get(1), 'ok 200 alone');
});

test('a batch timer aborts only the requests still in flight', async () => {
  const { fetches, answers } = requests();
  fetches.send(1, 'http://s/a', 1, '', undefined, TIMEOUT);
  fetches.send(2, 'http://s/b', 1, undefined, undefined, TIMEOUT);
  calls[0].answer('done');
  await settle();
  assert.equal(answers.get(1), 'ok 200 done');
  mock.timers.tick(TIMEOUT + WINDOW + 1);
  await settle();
  assert.equal(answers.get(1), 'ok 200 done', 'an answered request is not reported again');
  assert.equal(answers.get(2), 'timeout');
});

test('a batch takes at most 10 requests (Node warns above 10 listeners on one signal)', async () => {
  const { fetches } = requests();
  for (let id = 1; id <= 11; id++) fetches.send(id, `http://s/${id}`, 0, id === 1 ? '' : undefined, undefined, TIMEOUT);
  const signals = new Set(calls.map((c) => c.init.signal));
  assert.equal(signals.size, 2);
  assert.equal(calls[9].init.signal, calls[0].init.signal);
  assert.notEqual(calls[10].init.signal, calls[0].init.signal);
});

test('requests with another timeout never share a batch', async () => {
  const { fetches, answers } = requests();
  fetches.send(1, 'http://s/a', 0, '', undefined, TIMEOUT);
  fetches.send(2, 'http://s/b', 0, undefined, undefined, 50); // window 5 ms
  assert.notEqual(calls[0].init.signal, calls[1].init.signal);
  mock.timers.tick(56);
  await settle();
  assert.equal(answers.get(2), 'timeout');
  assert.equal(answers.has(1), false);
});

test('after the wall clock is set back, a request does not join the batch opened before', async () => {
  const { fetches, answers } = requests();
  mock.timers.setTime(10_000);
  fetches.send(1, 'http://s/a', 0, '', undefined, TIMEOUT);
  mock.timers.setTime(5_000); // set back by 5 s: Date.now() is "before" the open batch's window
  fetches.send(2, 'http://s/b', 0, undefined, undefined, TIMEOUT);
  assert.notEqual(calls[0].init.signal, calls[1].init.signal);
  // Request 2 has a timer of its own (mocked timers run on the mocked clock, so the first batch's
  // fires 5 s later here than a runtime's monotonic timer would).
  mock.timers.tick(TIMEOUT + WINDOW + 1);
  await settle();
  assert.equal(answers.get(2), 'timeout');
  mock.timers.tick(5_000);
  await settle();
  assert.equal(answers.get(1), 'timeout');
});

test('abortAll ends every request as closed and leaves no timer to fire', async () => {
  const { fetches, answers } = requests();
  fetches.send(1, 'http://s/a', 0, '', undefined, TIMEOUT);
  mock.timers.tick(WINDOW);
  fetches.send(2, 'http://s/b', 0, undefined, undefined, TIMEOUT);
  fetches.abortAll();
  await settle();
  assert.equal(answers.get(1), 'closed');
  assert.equal(answers.get(2), 'closed');
  assert.equal(fetches.batches.size, 0, 'no batch timer is left armed');
  // A request after abortAll (close()'s own deregistrations) starts a fresh batch and still times out.
  fetches.send(3, 'http://s/c', 0, undefined, undefined, TIMEOUT);
  mock.timers.tick(TIMEOUT + WINDOW + 1);
  await settle();
  assert.equal(answers.get(3), 'timeout');
});

test('a batch with nothing in flight, once another has opened, has its timer cleared', async () => {
  const { fetches } = requests();
  fetches.send(1, 'http://s/a', 0, '', undefined, TIMEOUT);
  calls[0].answer('done');
  await settle();
  assert.equal(fetches.batches.size, 1, 'the open batch may still take requests');
  mock.timers.tick(WINDOW);
  fetches.send(2, 'http://s/b', 0, undefined, undefined, TIMEOUT);
  assert.equal(fetches.batches.size, 1, 'the empty batch was retired when the next one opened');
});

/**
 * Node's undici path: with a global dispatcher present, requests carry a `dispatcher` wrapper (no
 * signal) that keeps the abort function undici gives the request's handler on `onConnect`.
 */
function withFakeUndici(run) {
  const symbol = Symbol.for('undici.globalDispatcher.1');
  const saved = globalThis[symbol];
  const started = [];
  globalThis[symbol] = { dispatch: (options, handler) => started.push(handler) };
  // A fetch like undici's: it hands its handler to the dispatcher; `connect()` starts the request.
  globalThis.fetch = (url, init) => new Promise((resolve, reject) => {
    const aborts = [];
    const handler = { onConnect(abort) { this.abort = abort; } };
    init.dispatcher.dispatch({ path: url }, handler);
    calls.push({
      init,
      aborts,
      connect: () => handler.onConnect((error) => { aborts.push(error); reject(error); }),
      answer: (body) => resolve({ status: 200, text: async () => body }),
    });
  });
  return run(started).finally(() => {
    globalThis[symbol] = saved;
  });
}

test('dispatcher mode: no signal; a timeout aborts the started request through undici', () => withFakeUndici(async (started) => {
  const { fetches, answers } = requests();
  fetches.send(1, 'http://s/a', 0, '', undefined, TIMEOUT);
  assert.equal(started.length, 1);
  assert.equal(calls[0].init.signal, undefined, 'no AbortSignal for undici');
  calls[0].connect();
  mock.timers.tick(TIMEOUT + WINDOW + 1);
  await settle();
  assert.equal(calls[0].aborts.length, 1, 'undici\'s abort was called');
  assert.equal(answers.get(1), 'timeout');
}));

test('dispatcher mode: a request ended before undici started it answers at once, then is aborted when it starts', () => withFakeUndici(async () => {
  const { fetches, answers } = requests();
  fetches.send(1, 'http://s/a', 0, '', undefined, TIMEOUT);
  fetches.abortAll();
  await settle();
  assert.equal(answers.get(1), 'closed', 'answered without waiting for a connection');
  calls[0].connect();
  await settle();
  assert.equal(calls[0].aborts.length, 1, 'aborted as soon as undici started it');
  assert.equal(answers.get(1), 'closed', 'answered once');
}));

test('dispatcher mode: an answered request is not aborted by its batch timer', () => withFakeUndici(async () => {
  const { fetches, answers } = requests();
  fetches.send(1, 'http://s/a', 0, '', undefined, TIMEOUT);
  calls[0].connect();
  calls[0].answer('done');
  await settle();
  mock.timers.tick(TIMEOUT + WINDOW + 1);
  await settle();
  assert.equal(answers.get(1), 'ok 200 done');
  assert.equal(calls[0].aborts.length, 0);
}));
