// The two halves of a same-origin dev server, shared by the dashboard and the browser tests:
// static files from a folder, and a reverse proxy to one upstream (Nacos sends no CORS headers).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ts': 'text/plain; charset=utf-8',
};

/** Answers `pathname` (already relative to `root`) with the file under `root`; a folder means its index.html. */
export function serveFile(root, pathname, res) {
  const base = path.resolve(root);
  let file = path.join(base, path.normalize(pathname).replace(/^(\.\.[/\\])+/, ''));
  // path.join already resolved any '..'; anything outside root is refused rather than served.
  if (file !== base && !file.startsWith(base + path.sep)) return send(res, 403, 'forbidden');
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
  fs.readFile(file, (error, body) => {
    if (error) return send(res, 404, `not found: ${pathname}`);
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
      // Always fresh: the package is rebuilt under a running server during development.
      'cache-control': 'no-store',
    });
    res.end(body);
  });
}

/** Forwards `req` to `target` (a full URL) and pipes the answer back; an unreachable upstream is a 502. */
export function proxy(req, res, target) {
  const upstream = http.request(
    target,
    // agent: false, a fresh connection per request: a kept-alive one that the Nacos server closes
    // while idle fails on reuse ("socket hang up"), which the page would see as a server failure.
    { method: req.method, headers: { ...req.headers, host: target.host }, agent: false },
    (reply) => {
      res.writeHead(reply.statusCode, reply.headers);
      reply.pipe(res);
    },
  );
  upstream.on('error', (error) => send(res, 502, `proxy: ${error.message}`));
  req.pipe(upstream);
}

/** A short plain-text answer (or a dropped connection when an answer already started). */
export function send(res, status, text) {
  if (res.headersSent) return res.destroy();
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}

/** Listens on 127.0.0.1 (`port` 0: a free one) and resolves to { url, port, close() }. */
export async function listen(handler, port = 0) {
  const server = http.createServer(handler);
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const actual = server.address().port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}
