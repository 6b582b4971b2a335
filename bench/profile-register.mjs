// Profiling aid (not part of `make bench`): registers N instances at concurrency C against a fresh
// r-nacos and prints the time of each block of registrations, so per-call cost that grows with the
// registry shows up. Run with `node --cpu-prof --cpu-prof-dir=DIR bench/profile-register.mjs [N] [C] [ours|raw|naming]`.
import { startRnacos } from '../tests/js/harness/rnacos.mjs';
import { loadOurs } from './lib/ours.mjs';
import { makeNamingClient } from './lib/naming.mjs';
import { instanceOf, servicesFor } from './lib/instances.mjs';
import { rawFetchClient } from './lib/raw-fetch.mjs';

const [n = 2000, concurrency = 32, who = 'ours'] = process.argv.slice(2).map((a, i) => (i < 2 ? Number(a) : a));
const server = await startRnacos({ label: 'profile-register' });
const services = servicesFor(n);
let client;
if (who === 'ours') {
  const NacosNamingClient = loadOurs();
  const events = {};
  client = new NacosNamingClient({
    serverList: server.address,
    autoBeat: process.env.AUTO_BEAT !== '0',
    onEvent: (e) => {
      events[e.type] = (events[e.type] ?? 0) + 1;
      if (e.type === 'beat-failed' && events[e.type] < 3) console.log(e.error.message);
    },
  });
  process.on('exit', () => console.log('events', JSON.stringify(events)));
} else if (who === 'naming') {
  client = makeNamingClient([server.address]);
} else {
  client = rawFetchClient(server.address, { beats: false });
}
const register = (i) => {
  const { service, ...instance } = instanceOf(i, services);
  return client.registerInstance(service, instance);
};
const close = async () => client.close();
// Event-loop lag: a stall of the whole process shows here, a slow server does not.
let lastTick = performance.now();
const lagTimer = setInterval(() => {
  const now = performance.now();
  if (now - lastTick > 200) console.log(`event loop blocked ${(now - lastTick - 50).toFixed(0)} ms`);
  lastTick = now;
}, 50);
const block = Math.max(1, Math.floor(n / 10));
let next = 0;
let done = 0;
let blockStart = performance.now();
const t0 = blockStart;
const worker = async () => {
  while (next < n) {
    const i = next++;
    const t = performance.now();
    await register(i);
    const took = performance.now() - t;
    if (took > 1000) console.log(`registration ${i} took ${took.toFixed(0)} ms`);
    if (++done % block === 0) {
      const now = performance.now();
      console.log(`${who}: ${done} registered, last ${block} in ${(now - blockStart).toFixed(0)} ms`);
      blockStart = now;
    }
  }
};
await Promise.all(Array.from({ length: concurrency }, worker));
console.log(`${who}: ${n} at concurrency ${concurrency} in ${(performance.now() - t0).toFixed(0)} ms; cpu ${JSON.stringify(process.cpuUsage())}`);
clearInterval(lagTimer);
await close();
await server.stop();
