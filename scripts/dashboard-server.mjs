// The dashboard's server: www/ at /, the package at /pkg/, and same-origin proxies to the Nacos
// servers (/nacos/ to the first, /s/<i>/nacos/ to server i) so the page can fail over between them.
// Run alone: node scripts/dashboard-server.mjs http://127.0.0.1:8848 [http://127.0.0.1:8850 ...]
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { listen, proxy, send, serveFile } from './http-static-proxy.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Starts the dashboard server on 127.0.0.1 (`port` 0: a free one). `upstreams` are the Nacos base
 * URLs, e.g. ['http://127.0.0.1:8848']. `pkgDir` is the package served at /pkg/ (default: the
 * repo's pkg/; a test may serve the installed copy). Resolves to { url, port, requests, close() };
 * `requests` lists what was proxied as 'METHOD <upstream index> <path>'.
 */
export async function startDashboardServer({
  upstreams,
  port = 0,
  wwwDir = path.join(repoRoot, 'www'),
  pkgDir = path.join(repoRoot, 'pkg'),
}) {
  if (!upstreams?.length) throw new Error('startDashboardServer needs at least one upstream');
  const requests = [];
  // The page reads this to know its servers; paths, not URLs, so any host name the page is opened by works.
  const config = JSON.stringify({
    servers: upstreams.map((upstream, i) => ({ path: `/s/${i}`, upstream })),
  });
  const server = await listen((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const routed = nacosRoute(url.pathname);
    if (routed) {
      const upstream = upstreams[routed.index];
      if (!upstream) return send(res, 404, `no server ${routed.index}`);
      requests.push(`${req.method} ${routed.index} ${routed.rest}`);
      return proxy(req, res, new URL(routed.rest + url.search, upstream));
    }
    if (url.pathname === '/dashboard.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      return res.end(config);
    }
    const pathname = decodeURIComponent(url.pathname);
    if (pathname.startsWith('/pkg/')) return serveFile(pkgDir, pathname.slice('/pkg'.length), res);
    serveFile(wwwDir, pathname, res);
  }, port);
  return { ...server, requests };
}

/** '/nacos/...' is server 0, '/s/<i>/nacos/...' server i; anything else is a file. */
function nacosRoute(pathname) {
  if (pathname.startsWith('/nacos/')) return { index: 0, rest: pathname };
  const match = /^\/s\/(\d+)(\/nacos\/.*)$/.exec(pathname);
  return match ? { index: Number(match[1]), rest: match[2] } : null;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const upstreams = process.argv.slice(2);
  const web = await startDashboardServer({
    upstreams: upstreams.length ? upstreams : ['http://127.0.0.1:8848'],
    port: Number(process.env.DEMO_PORT || 8080),
  });
  console.log(`dashboard on ${web.url}/`);
}
