// Profiling aid (not part of `make bench`): the client's own cost per registration, against an
// in-process stub server that answers "ok" at once, beside raw fetch of the same request with and
// without an AbortController + timer. Run `node [--cpu-prof --cpu-prof-dir=DIR] bench/profile-overhead.mjs [rounds]`;
// for function names in the profile, build pkg/node with `wasm-bindgen --keep-debug` and no wasm-opt.
import http from 'node:http';
import { loadOurs } from './lib/ours.mjs';
import { median } from './lib/stats.mjs';

const rounds = Number(process.argv[2] ?? 5);
const NacosNamingClient = loadOurs();
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => res.end('ok'));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const address = `127.0.0.1:${server.address().port}`;
const client = new NacosNamingClient({ serverList: address, autoBeat: false });
const url = `http://${address}/nacos/v1/ns/instance?namespaceId=public&serviceName=DEFAULT_GROUP%40%40s&groupName=DEFAULT_GROUP&clusterName=DEFAULT&ip=127.0.0.1&port=1&weight=1.0&enable=true&enabled=true&healthy=true&ephemeral=true&metadata=%7B%7D`;
const headers = { 'Client-Version': 'nacos-wasm:v0.1.0', 'Request-Module': 'Naming' };

const contenders = {
  'raw fetch': async () => {
    const res = await fetch(url, { method: 'POST', headers });
    await res.text();
  },
  'raw fetch + AbortController + timer': async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 5000);
    try {
      const res = await fetch(url, { method: 'POST', headers, signal: controller.signal });
      await res.text();
    } finally {
      clearTimeout(timer);
    }
  },
  ours: (i) => client.registerInstance('s', { ip: '127.0.0.1', port: 1 + (i % 500) }),
};

/** µs per call (wall) and µs of process CPU per call, `count` calls at `concurrency`. */
async function drive(count, concurrency, call) {
  let next = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) await call(next++);
  }));
  const used = process.cpuUsage(cpu);
  return [((performance.now() - started) * 1000) / count, (used.user + used.system) / count];
}

const results = {};
for (let round = 0; round < rounds; round++) {
  for (const [name, call] of Object.entries(contenders)) {
    await drive(100, 32, call);
    (results[name] ??= []).push([...(await drive(1500, 1, call)), ...(await drive(3000, 32, call))]);
  }
}
console.log(`median of ${rounds} rounds; CPU includes the stub server, the same for every contender`);
for (const [name, rows] of Object.entries(results)) {
  const [seq, seqCpu, conc, concCpu] = [0, 1, 2, 3].map((i) => median(rows.map((r) => r[i])).toFixed(0));
  console.log(`${name.padEnd(36)} sequential ${seq} µs (CPU ${seqCpu})   concurrency 32 ${conc} µs (CPU ${concCpu})`);
}
await client.close();
server.close();
