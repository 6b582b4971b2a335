// A small HTTP server for browser tests: static files from `root`, and a same-origin reverse proxy
// that forwards /nacos/ to a Nacos server, because Nacos servers send no CORS headers.
import { listen, proxy, serveFile } from '../../../scripts/http-static-proxy.mjs';

/**
 * Starts the server on 127.0.0.1 (a free port unless `port` is given). `nacos` is the base URL
 * /nacos/ is forwarded to. Resolves to { url, port, requests, close() }; `requests` counts what
 * was proxied, per path.
 */
export async function startWebServer({ root, nacos, port = 0 }) {
  const requests = [];
  const server = await listen((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (nacos && url.pathname.startsWith('/nacos/')) {
      requests.push(`${req.method} ${url.pathname}`);
      proxy(req, res, new URL(req.url, nacos));
      return;
    }
    serveFile(root, decodeURIComponent(url.pathname), res);
  }, port);
  return { ...server, requests };
}
