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
// client CPU per request, a fresh signal and timer each cost up to a quarter more than raw fetch
// (bench/RESULTS.md). Node's fetch is undici's, which also takes a `dispatcher`: there, each
// request goes through a wrapper around the global dispatcher that keeps the request's handler,
// whose `abort` (undici's, once connected) ends it, and no signal is made. Elsewhere (and in Node
// before its first fetch has created the global dispatcher) the requests of a batch share one
// signal: undici walks a signal's listeners on every request that joins it, and a fetch that adds
// one listener per request stays within Node's default of 10 per signal (BATCH_SIZE).
const UNDICI_DISPATCHER = Symbol.for('undici.globalDispatcher.1');
const IS_NODE_FETCH = typeof process === 'object' && process !== null
  && typeof process.versions === 'object' && process.versions !== null
  && typeof process.versions.undici === 'string';

// Runs a function once the event loop's current I/O callbacks are done (Node, Deno); where there is
// no such hook (browsers, workerd), answers are handed over as they come.
const AFTER_IO = typeof setImmediate === 'function' ? setImmediate : undefined;

function undiciDispatcher() {
  if (!IS_NODE_FETCH) return undefined;
  const dispatcher = globalThis[UNDICI_DISPATCHER];
  return dispatcher !== null && typeof dispatcher === 'object' && typeof dispatcher.dispatch === 'function'
    ? dispatcher
    : undefined;
}

/**
 * Requests in flight, so close() can end them all. Each ends with one call of `onAnswer(id, ok,
 * status, text, error)`: `ok` with the HTTP `status` and `text` = the body, or not ok with `text` =
 * the reason (`timeout`, `closed` or `error`) and the thrown `error`. One long-lived callback,
 * instead of a promise and two wasm closures per request.
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
    /** Answers waiting for the end of this event-loop round: id, ok, status, text, error, ... */
    this.answers = [];
    /** Requests sent and not yet ended. */
    this.inFlight = 0;
  }

  /** `method` indexes METHODS; `headers` is `name\nvalue\n...`, or undefined for the last ones. */
  send(id, url, method, headers, body, timeoutMs) {
    const batch = this.batchFor(timeoutMs);
    // `handler`: the one undici's fetch gave the dispatcher (dispatcher mode); `done`: answered.
    const entry = { batch, id, reason: 'error', viaDispatcher: false, handler: undefined, done: false };
    batch.live.add(entry);
    this.inFlight++;
    if (headers !== undefined) this.headers = headerObject(headers);
    const init = { method: METHODS[method], headers: this.headers };
    const dispatcher = undiciDispatcher();
    if (dispatcher !== undefined) {
      entry.viaDispatcher = true;
      init.dispatcher = new AbortableDispatcher(dispatcher, entry);
    } else {
      batch.controller ??= new AbortController();
      init.signal = batch.controller.signal;
    }
    if (body !== undefined) init.body = body;
    this.exchange(entry, url, init);
  }

  /** One request, from fetch to its answer; never rejects. Await, not `then` callbacks: no closures. */
  async exchange(entry, url, init) {
    let status;
    let text;
    try {
      // A runtime that throws for a malformed request instead of rejecting lands here too.
      const response = await fetch(url, init);
      status = response.status;
      text = await response.text();
    } catch (error) {
      this.finish(entry, false, 0, entry.reason, error, true);
      return;
    }
    this.finish(entry, true, status, text, undefined, true);
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
      if (!entry.viaDispatcher) continue;
      const abort = startedAbort(entry.handler);
      if (abort !== undefined) {
        abort(endedBy(reason));
      } else {
        // Not started yet (waiting for a connection): answer now, and abort it once it starts.
        this.finish(entry, false, 0, reason, undefined);
        if (entry.handler !== undefined) abortWhenStarted(entry.handler, reason);
      }
    }
    batch.controller?.abort();
  }

  /** A batch that takes no more requests and has none in flight needs no timer. */
  retire(batch) {
    clearTimeout(batch.timer);
    this.batches.delete(batch);
  }

  /**
   * A request has ended. While other requests are in flight, what the network answered (`later`)
   * is handed over once the event loop's current round of I/O is done, together with every other
   * answer of that round: handled one after another, the client's code and undici's stay in the
   * CPU's caches, which at concurrency 32 costs far less than each answer handled cold between other
   * sockets' work (bench/RESULTS.md). The last answer in flight, and endings of the client's own
   * making (timeout, close()), are handed over at once: waiting for the round's end would only add
   * latency.
   */
  finish(entry, ok, status, text, error, later = false) {
    if (entry.done) return;
    entry.done = true;
    this.inFlight--;
    const batch = entry.batch;
    batch.live.delete(entry);
    if (batch.live.size === 0 && batch !== this.open) this.retire(batch);
    // Detached when the client was freed: nobody waits for the answer any more.
    if (this.onAnswer === undefined) return;
    if (later && AFTER_IO !== undefined && (this.inFlight > 0 || this.answers.length > 0)) {
      // The first answer of the round schedules the handing over of all of them.
      if (this.answers.length === 0) AFTER_IO(this.deliverAnswers);
      this.answers.push(entry.id, ok, status, text, error);
      return;
    }
    this.deliver(entry.id, ok, status, text, error);
  }

  /** The answers of one event-loop round, in the order they came. */
  deliverAnswers = () => {
    const answers = this.answers;
    this.answers = [];
    for (let i = 0; i < answers.length; i += 5) {
      this.deliver(answers[i], answers[i + 1], answers[i + 2], answers[i + 3], answers[i + 4]);
    }
  };

  deliver(id, ok, status, text, error) {
    if (this.onAnswer === undefined) return;
    try {
      this.onAnswer(id, ok, status, text, error);
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
 * The global dispatcher, for one request: it keeps the request's handler, so a timeout or close()
 * can end the request through the abort function undici gives that handler (undici's fetch keeps it
 * as `handler.abort` once connected). The handler is left as it is: replacing one of its methods
 * per request cost undici about a tenth more CPU per request (bench/RESULTS.md).
 */
class AbortableDispatcher {
  constructor(dispatcher, entry) {
    this.dispatcher = dispatcher;
    this.entry = entry;
  }

  dispatch(options, handler) {
    this.entry.handler = handler;
    if (this.entry.done) abortWhenStarted(handler, this.entry.reason);
    return this.dispatcher.dispatch(options, handler);
  }
}

/** The abort undici gave `handler` when it started the request, if it has. */
function startedAbort(handler) {
  const abort = handler === undefined ? undefined : handler.abort;
  return typeof abort === 'function' ? abort : undefined;
}

/**
 * For a request ended before undici started it (rare: it waits for a connection): aborts it as
 * soon as undici starts it, on `onConnect(abort)`, or undici 7's `onRequestStart(controller)`.
 */
function abortWhenStarted(handler, reason) {
  const wrap = (method, abortOf) => {
    const original = handler[method];
    if (typeof original !== 'function') return;
    handler[method] = function (first, ...rest) {
      const result = original.call(this, first, ...rest);
      abortOf(first)(endedBy(reason));
      return result;
    };
  };
  wrap('onConnect', (abort) => abort);
  wrap('onRequestStart', (controller) => (error) => controller.abort(error));
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
