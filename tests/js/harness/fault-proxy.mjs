// FAULT INJECTION for tests only: an HTTP proxy in front of a real r-nacos that misbehaves on demand
// (refuse, hang, delay, 5xx, truncated or invalid JSON, beat replies rewritten to 20404, resets).
import http from 'node:http';

/**
 * The faults, set for every request or per path with `proxy.fault(mode, { path, method, ...opts })`:
 * - 'pass'          forward to the upstream unchanged (the default);
 * - 'hang'          accept the request and never answer (until the fault is lifted or the proxy closed);
 * - 'delay'         forward after `ms` milliseconds;
 * - 'status'        answer `status` (500, 502, 503, ...) with a text body, as r-nacos reports errors;
 * - 'truncated-json' forward, then answer 200 with only the first half of the upstream's body;
 * - 'invalid-json'  answer 200 with an HTML page where JSON was expected;
 * - 'short-body'    promise the upstream's body in Content-Length, send half, and drop the connection;
 * - 'beat-20404'    forward, then rewrite the reply's `code` to 20404 (a Java Nacos that forgot the instance);
 * - 'reset'         read the request, then reset the TCP connection without answering.
 * Refusing (nothing listening) is `proxy.refuse()` / `proxy.accept()`: the port is closed, then bound again.
 */
export const FAULT_MODES = [
  'pass', 'hang', 'delay', 'status', 'truncated-json', 'invalid-json', 'short-body', 'beat-20404', 'reset',
];

/** Starts the proxy on 127.0.0.1 (a free port unless `port` is given), forwarding to `upstream` (a base URL). */
export async function startFaultProxy({ upstream, port = 0 } = {}) {
  let target = upstream;
  // Rules are checked newest first; a rule without path or method matches every request.
  let rules = [];
  const requests = [];
  const sockets = new Set();
  const hung = new Set();

  const ruleFor = (method, path) =>
    rules.find((r) => (!r.path || r.path === path) && (!r.method || r.method === method)) ?? { mode: 'pass' };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://proxy');
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    const rule = ruleFor(req.method, url.pathname);
    requests.push({
      method: req.method,
      path: url.pathname,
      query: url.searchParams,
      body: body.toString('utf8'),
      fault: rule.mode,
      at: Date.now(),
    });
    try {
      await answer(rule, req, res, url, body);
    } catch (error) {
      // The upstream is down or the client went away: a proxy would answer 502.
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`fault proxy: upstream failed: ${error.message}`);
      }
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });

  async function answer(rule, req, res, url, body) {
    switch (rule.mode) {
      case 'hang':
        // Kept so lifting the fault or closing the proxy can end it; never answered otherwise.
        hung.add(res);
        res.on('close', () => hung.delete(res));
        return;
      case 'reset':
        // A TCP RST, as a crashed or firewalled server gives mid-request.
        if (typeof req.socket.resetAndDestroy === 'function') req.socket.resetAndDestroy();
        else req.socket.destroy();
        return;
      case 'status':
        res.writeHead(rule.status ?? 500, { 'content-type': 'text/plain' });
        res.end(rule.body ?? `fault injected: HTTP ${rule.status ?? 500}`);
        return;
      case 'invalid-json':
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html><body>502 Bad Gateway (fault injected)</body></html>');
        return;
      case 'delay':
        await new Promise((resolve) => setTimeout(resolve, rule.ms ?? 1000));
        break;
      default:
        break;
    }
    const upstreamReply = await forward(req, url, body);
    let replyBody = upstreamReply.body;
    if (rule.mode === 'truncated-json') {
      replyBody = replyBody.subarray(0, Math.floor(replyBody.length / 2));
    } else if (rule.mode === 'beat-20404') {
      replyBody = Buffer.from(rewriteCode(replyBody.toString('utf8')));
    } else if (rule.mode === 'short-body') {
      res.writeHead(upstreamReply.status, {
        'content-type': upstreamReply.contentType,
        'content-length': String(replyBody.length),
      });
      res.write(replyBody.subarray(0, Math.floor(replyBody.length / 2)));
      // Give the half a moment to leave, then drop the connection before the rest.
      setTimeout(() => res.socket?.destroy(), 20);
      return;
    }
    res.writeHead(upstreamReply.status, {
      'content-type': upstreamReply.contentType,
      'content-length': String(replyBody.length),
    });
    res.end(replyBody);
  }

  function forward(req, url, body) {
    return new Promise((resolve, reject) => {
      const upstreamUrl = new URL(url.pathname + url.search, target);
      const headers = { ...req.headers, host: upstreamUrl.host, 'content-length': String(body.length) };
      delete headers.connection;
      const out = http.request(upstreamUrl, { method: req.method, headers }, (reply) => {
        const chunks = [];
        reply.on('data', (c) => chunks.push(c));
        reply.on('end', () =>
          resolve({
            status: reply.statusCode,
            contentType: reply.headers['content-type'] ?? 'text/plain',
            body: Buffer.concat(chunks),
          }));
        reply.on('error', reject);
      });
      out.setTimeout(30000, () => out.destroy(new Error('upstream timed out')));
      out.on('error', reject);
      out.end(body);
    });
  }

  const listen = (onPort) =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(onPort, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(port);
  const boundPort = server.address().port;

  const endHung = () => {
    for (const res of hung) res.socket?.destroy();
    hung.clear();
  };

  return {
    port: boundPort,
    address: `127.0.0.1:${boundPort}`,
    baseUrl: `http://127.0.0.1:${boundPort}`,
    /** Every request that reached the proxy: { method, path, query, body, fault, at }. */
    requests,
    /** Requests to one path (and method), e.g. hits('/nacos/v1/ns/instance/beat'). */
    hits: (path, method) => requests.filter((r) => r.path === path && (!method || r.method === method)),
    /** Points the proxy at another upstream (a restarted server on a new port). */
    setUpstream: (url) => {
      target = url;
    },
    /**
     * Adds a fault: `mode` from FAULT_MODES, limited to `path` and/or `method` if given, with its
     * options (`status`, `body`, `ms`). The newest matching rule wins.
     */
    fault: (mode, { path, method, ...options } = {}) => {
      if (!FAULT_MODES.includes(mode)) throw new Error(`unknown fault mode ${mode}`);
      rules = [{ mode, path, method, ...options }, ...rules];
    },
    /** Lifts every fault (requests left hanging are dropped) and goes back to plain forwarding. */
    clear: () => {
      rules = [];
      endHung();
    },
    /** Stops listening and drops every open connection: new connections are refused. */
    refuse: () =>
      new Promise((resolve) => {
        endHung();
        for (const socket of sockets) socket.destroy();
        if (!server.listening) return resolve();
        server.close(() => resolve());
      }),
    /** Listens again on the same port after refuse(). */
    accept: async () => {
      if (!server.listening) await listen(boundPort);
    },
    close: () =>
      new Promise((resolve) => {
        endHung();
        for (const socket of sockets) socket.destroy();
        if (!server.listening) return resolve();
        server.close(() => resolve());
      }),
  };
}

/** The reply with `code` set to 20404; a body that is not a JSON object becomes `{"code":20404}`. */
function rewriteCode(text) {
  try {
    const reply = JSON.parse(text);
    if (reply && typeof reply === 'object' && !Array.isArray(reply)) {
      return JSON.stringify({ ...reply, code: 20404 });
    }
  } catch {
    // not JSON: fall through
  }
  return JSON.stringify({ clientBeatInterval: 5000, code: 20404 });
}
