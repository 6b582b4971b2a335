// A forwarding HTTP proxy on 127.0.0.1 that timestamps every heartbeat by instance ip:port, so both
// clients' beat gaps can be measured the same way, from outside the client process.
import http from 'node:http';

/**
 * The instance a beat is for: our client sends ip and port as query parameters; nacos-naming sends
 * them inside the `beat` JSON, which it also puts in the query (urllib's dataAsQueryString).
 */
function beatKey(query) {
  const ip = query.get('ip');
  const port = query.get('port');
  if (ip && port) return `${ip}:${port}`;
  const beat = query.get('beat');
  if (!beat) return null;
  try {
    const info = JSON.parse(beat);
    return `${info.ip}:${info.port}`;
  } catch {
    return null;
  }
}

export async function beatProxy(upstreamBaseUrl) {
  const upstream = new URL(upstreamBaseUrl);
  // Kept-alive and bounded towards r-nacos, so the proxy adds a hop but no connection storm of its own.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
  const beats = new Map(); // "ip:port" -> [arrival ms]
  let recording = true;
  let forwarded = 0;
  let failed = 0;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://proxy');
    if (recording && url.pathname === '/nacos/v1/ns/instance/beat') {
      const key = beatKey(url.searchParams);
      if (key) {
        let list = beats.get(key);
        if (!list) beats.set(key, (list = []));
        list.push(Date.now());
      }
    }
    const headers = { ...req.headers, host: upstream.host };
    const out = http.request(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers, agent },
      (answer) => {
        forwarded += 1;
        res.writeHead(answer.statusCode, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', (error) => {
      failed += 1;
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
    req.pipe(out);
  });
  // A deep backlog: nacos-naming opens a new connection per beat (urllib does not keep them alive).
  await new Promise((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve));
  const { port } = server.address();
  return {
    address: `127.0.0.1:${port}`,
    beats,
    get forwarded() {
      return forwarded;
    },
    get failed() {
      return failed;
    },
    clear: () => beats.clear(),
    close: () =>
      new Promise((resolve) => {
        recording = false;
        server.closeAllConnections();
        server.close(resolve);
        agent.destroy();
      }),
  };
}
