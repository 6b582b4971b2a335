// Profiling aid (not part of `make bench`): the client's own cost per registration with fetch stubbed
// (answered after one event-loop turn), beside raw fetch on the same stub, with MB megabytes of other
// memory traffic per request in between, as undici and V8 cause against a real server. Shows how much
// of the client's cost in situ is cache misses rather than instructions:
// `MB=0 node bench/profile-cold.mjs` then `MB=1 node bench/profile-cold.mjs`.
import { loadOurs } from './lib/ours.mjs';
const resp = { status: 200, text: () => Promise.resolve('ok') };
const MB = Number(process.env.MB ?? 1);
const buf = new Uint8Array(Math.max(1, MB * (1 << 20)));
// One write per 64-byte line: evicts about MB megabytes of whatever the caches held.
const thrash = () => { for (let i = 0; i < buf.length; i += 64) buf[i]++; };
globalThis.fetch = () => new Promise((r) => setImmediate(() => { if (MB > 0) thrash(); r(resp); }));
const C = loadOurs();
const c = new C({ serverList: '127.0.0.1:1', autoBeat: false });
const raw = async () => { const r = await fetch('x'); await r.text(); };
const ours = (i) => c.registerInstance('s', { ip: '127.0.0.1', port: 1 + (i % 500) });
async function run(call, n) { const t = performance.now(); for (let i = 0; i < n; i++) await call(i); return (performance.now() - t) * 1000 / n; }
await run(ours, 3000); await run(raw, 3000);
const o = [], r = [];
for (let k = 0; k < 5; k++) { o.push(await run(ours, 2000)); r.push(await run(raw, 2000)); }
o.sort((a, b) => a - b); r.sort((a, b) => a - b);
console.log(`MB=${MB} ours ${o[2].toFixed(1)} µs, raw ${r[2].toFixed(1)} µs, diff ${(o[2] - r[2]).toFixed(1)} µs`);
await c.close();
