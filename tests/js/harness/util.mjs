// Small helpers shared by the JS integration tests: free ports, polling, unique names, a counting HTTP server.
import net from 'node:net';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

export { sleep };

/** A port nobody listens on right now (bound then released on 127.0.0.1). */
export async function freePort() {
  const server = net.createServer();
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** `count` distinct free ports (held together, so no two are the same). */
export async function freePorts(count) {
  const servers = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = net.createServer();
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
      });
      servers.push(server);
    }
    return servers.map((s) => s.address().port);
  } finally {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  }
}

let serial = 0;
/** A service name no other test (or earlier run against a reused server) has used. */
export function uniqueName(prefix) {
  serial += 1;
  return `${prefix}-${process.pid}-${serial}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Polls `probe` until it returns a truthy value and returns that value; throws with `what` and the last
 * value seen after `timeoutMs`. Waits are polls with generous deadlines, never fixed sleeps.
 */
export async function waitFor(what, probe, { timeoutMs = 20000, intervalMs = 200 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (last) return last;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      const seen = last instanceof Error ? last.stack : JSON.stringify(last);
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${seen}`);
    }
    await sleep(intervalMs);
  }
}

/** Awaits `promise`, expecting a rejection, and returns the rejection reason. */
export async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but the promise fulfilled');
}

/** Calls `fn`, expecting a synchronous throw, and returns what was thrown. */
export function thrown(fn) {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw, but the call returned');
}

/**
 * An HTTP server on 127.0.0.1 that records every request (method, url, headers). Given `forwardTo` (a base URL) it proxies each
 * request there, else it answers `status` (default 200) with `body` (default "ok"). Used as a client's only server to prove a call sent
 * nothing, while later valid calls still reach the real server through it.
 */
export async function countingServer({ forwardTo, status = 200, body = 'ok' } = {}) {
  const requests = [];
  let failing = null;
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method, url: req.url, headers: req.headers });
    if (failing) {
      req.resume();
      res.writeHead(failing, { 'content-type': 'text/plain' });
      res.end('failing on purpose');
      return;
    }
    if (!forwardTo) {
      req.resume();
      req.on('end', () => {
        res.writeHead(status, { 'content-type': 'text/plain' });
        res.end(body);
      });
      return;
    }
    const upstream = http.request(
      new URL(req.url, forwardTo),
      { method: req.method, headers: { ...req.headers, host: new URL(forwardTo).host } },
      (answer) => {
        res.writeHead(answer.statusCode, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (error) => {
      res.writeHead(502);
      res.end(String(error));
    });
    req.pipe(upstream);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    port,
    address: `127.0.0.1:${port}`,
    requests,
    /** Answer every request with this status (e.g. 503) until called again with null. */
    failWith: (httpStatus) => {
      failing = httpStatus;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}

/**
 * A TCP listener on 127.0.0.1 that counts connections and drops each at once, so every request to it
 * fails with a network error — a "dead" server whose hits can be counted.
 */
export async function droppingServer() {
  let connections = 0;
  const server = net.createServer((socket) => {
    connections += 1;
    socket.on('error', () => {});
    socket.destroy();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    port,
    address: `127.0.0.1:${port}`,
    get connections() {
      return connections;
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** A TCP listener on 127.0.0.1 that accepts connections and never answers: a hung server. */
export async function silentServer() {
  const sockets = new Set();
  // Connections a request arrived on. After an aborted request undici may open a spare connection at
  // once; nothing arrives on it, so `requestsOpen` does not count it.
  const busy = new Set();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('data', () => busy.add(socket));
    socket.on('error', () => {});
    socket.on('close', () => {
      sockets.delete(socket);
      busy.delete(socket);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    port,
    address: `127.0.0.1:${port}`,
    get connections() {
      return sockets.size;
    },
    /** Connections a request arrived on that are still open. */
    get requestsOpen() {
      return busy.size;
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(resolve);
      }),
  };
}
