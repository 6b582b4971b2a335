// One HTTP exchange through the runtime's global fetch, with its timeout and close() abort, done on
// the JS side: per request this saves the wasm boundary an AbortController, a signal, a timer
// closure, a headers object, promises and closures, which cost more than the request's own work.

const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];

/**
 * Requests in flight, so close() can end them all. Each ends with one call of `onAnswer(id, ok,
 * text, error)`: `ok` with `text` = `"<status> <body>"`, or not ok with `text` = the reason
 * (`timeout`, `closed` or `error`) and the thrown `error`. One long-lived callback, instead of a
 * promise and two wasm closures per request.
 */
export class FetchRequests {
  constructor(onAnswer) {
    this.live = new Set();
    this.onAnswer = onAnswer;
    // The headers of the last request: nearly every request of a client sends the same ones, so
    // the Rust side passes them only when they change, and fetch copies the object it is given.
    this.headers = {};
  }

  /** `method` indexes METHODS; `headers` is `name\nvalue\n...`, or undefined for the last ones. */
  send(id, url, method, headers, body, timeoutMs) {
    const controller = new AbortController();
    const entry = { controller, reason: 'error' };
    this.live.add(entry);
    const timer = setTimeout(() => {
      entry.reason = 'timeout';
      controller.abort();
    }, timeoutMs);
    if (headers !== undefined) this.headers = headerObject(headers);
    const init = { method: METHODS[method], headers: this.headers, signal: controller.signal };
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
        (answer) => this.finish(entry, timer, id, true, answer, undefined),
        (error) => this.finish(entry, timer, id, false, entry.reason, error),
      );
  }

  finish(entry, timer, id, ok, text, error) {
    clearTimeout(timer);
    this.live.delete(entry);
    // Detached when the client was freed: nobody waits for the answer any more.
    if (this.onAnswer === undefined) return;
    try {
      this.onAnswer(id, ok, text, error);
    } catch (failure) {
      // Never an unhandled rejection (which ends a Node process) for a client's internal error.
      console.error('nacos-wasm: a request could not complete', failure);
    }
  }

  /** Ends every request in flight; each answers with reason `closed`. */
  abortAll() {
    const live = [...this.live];
    this.live.clear();
    for (const entry of live) {
      entry.reason = 'closed';
      entry.controller.abort();
    }
  }

  /** The client is gone: answers still to come are dropped. */
  detach() {
    this.onAnswer = undefined;
  }
}

function headerObject(lines) {
  const headers = {};
  const parts = lines.split('\n');
  for (let i = 0; i + 1 < parts.length; i += 2) headers[parts[i]] = parts[i + 1];
  return headers;
}
