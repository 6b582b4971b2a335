// One HTTP exchange through the runtime's global fetch, with its timeout and close() abort, done on
// the JS side: per request this saves the wasm boundary an AbortController, a signal, a timer
// closure, a headers object and a second promise, which cost more than the request's own work.

/** Requests in flight, so close() can end them all. */
export class FetchRequests {
  constructor() {
    this.live = new Set();
    // The headers of the last request: nearly every request of a client sends the same ones, and
    // fetch copies them, so the parsed object is reused while the text is unchanged.
    this.headerLines = undefined;
    this.headers = undefined;
  }

  /**
   * Resolves to `"<status> <body>"` (one string crosses into wasm, not a Response); rejects with
   * `{ reason: 'timeout' | 'closed' | 'error', error }`. `headers` is `name\nvalue\n...`.
   */
  send(url, method, headers, body, timeoutMs) {
    const controller = new AbortController();
    const entry = { controller, reason: 'error' };
    this.live.add(entry);
    const timer = setTimeout(() => {
      entry.reason = 'timeout';
      controller.abort();
    }, timeoutMs);
    if (headers !== this.headerLines) {
      this.headerLines = headers;
      this.headers = headerObject(headers);
    }
    const init = { method, headers: this.headers, signal: controller.signal };
    if (body !== undefined) init.body = body;
    let pending;
    try {
      pending = fetch(url, init);
    } catch (error) {
      // Some runtimes throw for a malformed request instead of rejecting: same path either way.
      pending = Promise.reject(error);
    }
    return pending
      .then((response) => response.text().then((text) => `${response.status} ${text}`))
      .then(
        (answer) => {
          clearTimeout(timer);
          this.live.delete(entry);
          return answer;
        },
        (error) => {
          clearTimeout(timer);
          this.live.delete(entry);
          throw { reason: entry.reason, error };
        },
      );
  }

  /** Ends every request in flight; each rejects with reason `closed`. */
  abortAll() {
    const live = [...this.live];
    this.live.clear();
    for (const entry of live) {
      entry.reason = 'closed';
      entry.controller.abort();
    }
  }
}

function headerObject(lines) {
  const headers = {};
  const parts = lines.split('\n');
  for (let i = 0; i + 1 < parts.length; i += 2) headers[parts[i]] = parts[i + 1];
  return headers;
}
