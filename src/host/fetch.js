// One HTTP exchange through the runtime's global fetch, with its timeout and close() abort, done on
// the JS side: per request this saves the wasm boundary an AbortController, a signal, a timer
// closure, a headers object, promises and closures, which cost more than the request's own work.

const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];

// Requests started close together share one timeout timer (a batch): a timer each costs more than
// the request's own work.
// - A batch takes requests for a tenth of the timeout (at most WINDOW_MS), and at most BATCH_SIZE
//   of them.
// - Its timer fires once the last request that could have joined has had its full timeout. So each
//   request times out after at least `timeoutMs` and at most a tenth more, and the requests a
//   batch's timer ends are only those still in flight, all of them overdue.
const WINDOW_MS = 100;
const BATCH_SIZE = 10;

// How a request is ended early (timeout, close()). Any fetch takes an AbortSignal, but in Node
// undici pays for each request given one (a WeakRef, a finalizer and a listener): measured in
// client CPU per request, a fresh signal and timer each cost up to a quarter more than raw fetch,
// a shared signal up to a tenth (bench/RESULTS.md). Node's fetch is undici's, which also takes a
// `dispatcher`: there, each request goes through a wrapper around the global dispatcher that keeps
// the `abort` undici hands the request's handler, and no signal is made. Elsewhere (and in Node
// before its first fetch has created the global dispatcher) the requests of a batch share one
// signal: undici walks a signal's listeners on every request that joins it, and a fetch that adds
// one listener per request stays within Node's default of 10 per signal (BATCH_SIZE).
const UNDICI_DISPATCHER = Symbol.for('undici.globalDispatcher.1');
const IS_NODE_FETCH = typeof process === 'object' && process !== null
  && typeof process.versions === 'object' && process.versions !== null
  && typeof process.versions.undici === 'string';

function undiciDispatcher() {
  if (!IS_NODE_FETCH) return undefined;
  const dispatcher = globalThis[UNDICI_DISPATCHER];
  return dispatcher !== null && typeof dispatcher === 'object' && typeof dispatcher.dispatch === 'function'
    ? dispatcher
    : undefined;
}

/**
 * Requests in flight, so close() can end them all. Each ends with one call of `onAnswer(id, ok,
 * text, error)`: `ok` with `text` = `"<status> <body>"`, or not ok with `text` = the reason
 * (`timeout`, `closed` or `error`) and the thrown `error`. One long-lived callback, instead of a
 * promise and two wasm closures per request.
 */
export class FetchRequests {
  constructor(onAnswer) {
    /** Batches whose timer is armed. */
    this.batches = new Set();
    /** The batch new requests join, while it is open. */
    this.open = undefined;
    this.onAnswer = onAnswer;
    // The headers of the last request: nearly every request of a client sends the same ones, so
    // the Rust side passes them only when they change, and fetch copies the object it is given.
    this.headers = {};
  }

  /** `method` indexes METHODS; `headers` is `name\nvalue\n...`, or undefined for the last ones. */
  send(id, url, method, headers, body, timeoutMs) {
    const batch = this.batchFor(timeoutMs);
    // `abort`: undici's, once it has started the request (dispatcher mode); `done`: answered.
    const entry = { batch, id, reason: 'error', viaDispatcher: false, abort: undefined, done: false };
    batch.live.add(entry);
    if (headers !== undefined) this.headers = headerObject(headers);
    const init = { method: METHODS[method], headers: this.headers };
    const dispatcher = undiciDispatcher();
    if (dispatcher !== undefined) {
      entry.viaDispatcher = true;
      init.dispatcher = abortable(dispatcher, entry);
    } else {
      batch.controller ??= new AbortController();
      init.signal = batch.controller.signal;
    }
    if (body !== undefined) init.body = body;
    let pending;
    try {
      pending = fetch(url, init);
    } catch (error) {
      // Some runtimes throw for a malformed request instead of rejecting: same path either way.
      pending = Promise.reject(error);
    }
    pending
      .then((response) => response.text().then((text) => `${response.status} ${text}`))
      .then(
        (answer) => this.finish(entry, true, answer, undefined),
        (error) => this.finish(entry, false, entry.reason, error),
      );
  }

  /** The open batch, or a new one when it is full, past its window or for another timeout. */
  batchFor(timeoutMs) {
    const now = Date.now();
    const open = this.open;
    // `opensAt <= now`: after the wall clock was set back, a request must not join a batch whose
    // timer (which runs on its own clock) started long before it.
    if (open !== undefined && open.timeoutMs === timeoutMs && open.joined < BATCH_SIZE
      && open.opensAt <= now && now < open.closesAt) {
      open.joined++;
      return open;
    }
    const window = Math.min(WINDOW_MS, Math.floor(timeoutMs / 10));
    const batch = {
      /** The batch's shared AbortController, made on first use (signal mode only). */
      controller: undefined,
      live: new Set(),
      joined: 1,
      timeoutMs,
      opensAt: now,
      closesAt: now + window,
      timer: undefined,
    };
    // +1: a runtime's timer clock may run a millisecond behind Date.now().
    batch.timer = setTimeout(() => this.expire(batch), timeoutMs + window + 1);
    unref(batch.timer);
    this.batches.add(batch);
    if (open !== undefined && open.live.size === 0) this.retire(open);
    this.open = batch;
    return batch;
  }

  /** A batch's timer fired: every request still in it is overdue. */
  expire(batch) {
    this.batches.delete(batch);
    if (this.open === batch) this.open = undefined;
    this.endAll(batch, 'timeout');
  }

  /** Ends the requests of `batch` still in flight, each answering with `reason`. */
  endAll(batch, reason) {
    if (batch.live.size === 0) return;
    for (const entry of [...batch.live]) {
      entry.reason = reason;
      if (entry.abort !== undefined) {
        entry.abort(endedBy(reason));
      } else if (entry.viaDispatcher) {
        // Dispatcher mode, not started yet (waiting for a connection): answer now; the wrapper
        // aborts it as soon as undici starts it.
        this.finish(entry, false, reason, undefined);
      }
    }
    batch.controller?.abort();
  }

  /** A batch that takes no more requests and has none in flight needs no timer. */
  retire(batch) {
    clearTimeout(batch.timer);
    this.batches.delete(batch);
  }

  finish(entry, ok, text, error) {
    if (entry.done) return;
    entry.done = true;
    const batch = entry.batch;
    batch.live.delete(entry);
    if (batch.live.size === 0 && batch !== this.open) this.retire(batch);
    // Detached when the client was freed: nobody waits for the answer any more.
    if (this.onAnswer === undefined) return;
    try {
      this.onAnswer(entry.id, ok, text, error);
    } catch (failure) {
      // Never an unhandled rejection (which ends a Node process) for a client's internal error.
      console.error('nacos-wasm: a request could not complete', failure);
    }
  }

  /** Ends every request in flight; each answers with reason `closed`. */
  abortAll() {
    const batches = [...this.batches];
    this.batches.clear();
    this.open = undefined;
    for (const batch of batches) {
      clearTimeout(batch.timer);
      this.endAll(batch, 'closed');
    }
  }

  /** The client is gone: answers still to come are dropped. */
  detach() {
    this.onAnswer = undefined;
  }
}

/**
 * The global dispatcher, for one request: it notes the function undici gives the request's handler
 * to abort it (`onConnect(abort)`; undici 7's `onRequestStart(controller)` too), so a timeout or
 * close() can end the request, and aborts at once a request ended before undici started it.
 */
function abortable(dispatcher, entry) {
  // Wraps one of undici's handler methods: notes the abort it is given before undici's own code
  // runs, and uses it at once if the request was ended before undici started it.
  const keepAbort = (handler, method, abortOf) => {
    const original = handler[method];
    if (typeof original !== 'function') return;
    handler[method] = function (first, ...rest) {
      const abort = abortOf(first);
      entry.abort = abort;
      const result = original.call(this, first, ...rest);
      if (entry.done) abort(endedBy(entry.reason));
      return result;
    };
  };
  return {
    dispatch(options, handler) {
      keepAbort(handler, 'onConnect', (abort) => abort);
      keepAbort(handler, 'onRequestStart', (controller) => (reason) => controller.abort(reason));
      return dispatcher.dispatch(options, handler);
    },
  };
}

/** What an aborted request is told: why the client ended it. */
function endedBy(reason) {
  return new Error(`nacos-wasm: ${reason}`);
}

/**
 * A pending timeout must not keep a Node or Deno process alive by itself: a request in flight
 * already does, and an open batch's timer outlives its requests.
 */
function unref(timer) {
  if (typeof timer === 'object' && typeof timer.unref === 'function') {
    timer.unref();
  } else if (typeof Deno === 'object' && typeof Deno.unrefTimer === 'function') {
    Deno.unrefTimer(timer);
  }
}

function headerObject(lines) {
  const headers = {};
  const parts = lines.split('\n');
  for (let i = 0; i + 1 < parts.length; i += 2) headers[parts[i]] = parts[i + 1];
  return headers;
}
