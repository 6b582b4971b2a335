// A small HTTP server for browser tests (and the demo): static files from `root`, and a same-origin
// reverse proxy that forwards /nacos/ to a Nacos server, because Nacos servers send no CORS headers.
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
};

/**
 * Starts the server on 127.0.0.1 (a free port unless `port` is given). `nacos` is the base URL
 * /nacos/ is forwarded to. Resolves to { url, port, requests, close() }; `requests` counts what
 * was proxied, per path.
 */
export async function startWebServer({ root, nacos, port = 0 }) {
  const requests = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (nacos && url.pathname.startsWith('/nacos/')) {
      requests.push(`${req.method} ${url.pathname}`);
      proxy(req, res, new URL(req.url, nacos));
      return;
    }
    serveFile(root, decodeURIComponent(url.pathname), res);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const address = server.address();
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}

function serveFile(root, pathname, res) {
  let file = path.join(root, path.normalize(pathname).replace(/^(\.\.[/\\])+/, ''));
  if (!file.startsWith(path.resolve(root))) return send(res, 403, 'forbidden');
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
  fs.readFile(file, (error, body) => {
    if (error) return send(res, 404, `not found: ${pathname}`);
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
      'cache-control': 'no-store',
    });
    res.end(body);
  });
}

function proxy(req, res, target) {
  const upstream = http.request(
    target,
    { method: req.method, headers: { ...req.headers, host: target.host } },
    (reply) => {
      res.writeHead(reply.statusCode, reply.headers);
      reply.pipe(res);
    },
  );
  upstream.on('error', (error) => send(res, 502, `proxy: ${error.message}`));
  req.pipe(upstream);
}

function send(res, status, text) {
  if (res.headersSent) return res.destroy();
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}
