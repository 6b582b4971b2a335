// https:// server entries: TLS through the runtime's own fetch. A TLS-terminating proxy on 127.0.0.1
// (a self-signed certificate made with openssl for this run) forwards to r-nacos. A process that
// trusts the certificate (NODE_EXTRA_CA_CERTS) registers through it; one that does not is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { consumerDir, NacosNamingClient } from './harness/pkg.mjs';
import { startRnacos } from './harness/rnacos.mjs';
import { rejection, uniqueName } from './harness/util.mjs';

let server;
let tls;
let dir;
const seen = [];

before(async () => {
  server = await startRnacos({ label: 'tls' });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nacos-wasm-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1',
    '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  tls = https.createServer(
    { key: fs.readFileSync(path.join(dir, 'key.pem')), cert: fs.readFileSync(path.join(dir, 'cert.pem')) },
    (req, res) => {
      seen.push(`${req.method} ${req.url.split('?')[0]} tls=${req.socket.encrypted === true}`);
      const upstream = http.request(new URL(req.url, server.baseUrl), { method: req.method, headers: req.headers }, (reply) => {
        res.writeHead(reply.statusCode, reply.headers);
        reply.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    },
  );
  await new Promise((resolve) => tls.listen(0, '127.0.0.1', resolve));
});

after(async () => {
  tls?.closeAllConnections();
  await new Promise((resolve) => (tls ? tls.close(resolve) : resolve()));
  await server?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('an https:// entry registers over TLS when the runtime trusts the certificate', async () => {
  const entry = `https://127.0.0.1:${tls.address().port}`;
  const service = uniqueName('tls');
  const script = `
    import { NacosNamingClient } from 'nacos-wasm';
    const client = new NacosNamingClient({ serverList: [process.argv[1]] });
    await client.registerInstance(process.argv[2], { ip: '127.0.0.51', port: 51001 });
    const hosts = await client.getAllInstances(process.argv[2]);
    await client.close({ deregister: true });
    console.log(JSON.stringify(hosts.map((h) => h.port)));`;
  // Async: the TLS proxy runs in this process and must keep answering meanwhile.
  const { stdout: out } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script, entry, service], {
    cwd: consumerDir,
    env: { ...process.env, NODE_EXTRA_CA_CERTS: path.join(dir, 'cert.pem') },
    encoding: 'utf8',
    timeout: 30000,
  });
  assert.deepEqual(JSON.parse(out.trim()), [51001]);
  assert.ok(seen.includes('POST /nacos/v1/ns/instance tls=true'), seen.join('\n'));
  assert.ok(seen.includes('DELETE /nacos/v1/ns/instance tls=true'), seen.join('\n'));
});

test('an untrusted certificate is refused with NETWORK_ERROR, not ignored', async () => {
  const client = new NacosNamingClient({ serverList: [`https://127.0.0.1:${tls.address().port}`], maxRetry: 1 });
  try {
    const error = await rejection(client.registerInstance(uniqueName('tls-untrusted'), { ip: '127.0.0.52', port: 52001 }));
    assert.equal(error.code, 'NETWORK_ERROR');
    assert.match(error.message, /certificate/i);
  } finally {
    await client.close();
  }
});
