// One heartbeat-scale run in its own process, so its CPU and memory are its alone: registers `count`
// ephemeral instances with one client, lets them beat, and reports CPU and memory over the window
// (beat gaps are measured at the parent's proxy).
// Driven by bench/heartbeat.mjs over IPC: a config { impl, serverAddress, count, windowMs, services },
// then 'start' once the parent's proxy has seen every instance beat.
import { loadOurs } from './lib/ours.mjs';
import { makeNamingClient } from './lib/naming.mjs';
import { instanceOf } from './lib/instances.mjs';
import { rawFetchClient } from './lib/raw-fetch.mjs';

const send = (message) => new Promise((resolve) => process.send(message, resolve));

const started = new Promise((resolve) => process.on('message', (m) => m === 'start' && resolve()));

async function run({ impl, serverAddress, count, windowMs, services }) {
  let client;
  if (impl === 'ours') {
    const NacosNamingClient = loadOurs();
    // No onEvent: the others report nothing either, and gaps are measured at the proxy for all.
    client = new NacosNamingClient({ serverList: serverAddress });
  } else if (impl === 'raw fetch') {
    client = rawFetchClient(serverAddress);
  } else {
    client = makeNamingClient([serverAddress]);
    await client.ready();
  }

  // Registration at concurrency 32, the same for both; not part of the measured window.
  const t0 = Date.now();
  let next = 0;
  let registerFailures = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < count) {
        const { service, ip, port } = instanceOf(next++, services);
        // On a busy machine a registration can time out; one lost instance must not end the run.
        for (let attempt = 1; ; attempt++) {
          try {
            await client.registerInstance(service, { ip, port });
            break;
          } catch (error) {
            registerFailures += 1;
            if (attempt >= 3) break;
          }
        }
      }
    }),
  );
  const registerMs = Date.now() - t0;
  // Gaps are steady state only once every instance beats (ours 5 s after registering it,
  // nacos-naming 10 s after construction): the parent sees that at its proxy and says start.
  await send({ type: 'registered', registerMs });
  await started;

  const start = Date.now();
  const cpu0 = process.cpuUsage();
  let peakRss = 0;
  let peakHeap = 0;
  const sampleMemory = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  sampleMemory();
  const sampler = setInterval(sampleMemory, 1000);
  await send({ type: 'window-start', at: start });
  await new Promise((r) => setTimeout(r, windowMs));
  clearInterval(sampler);
  sampleMemory();
  const cpu = process.cpuUsage(cpu0);
  const end = Date.now();
  const memory = process.memoryUsage();

  const result = { registerMs, registerFailures, window: { start, end }, cpuUserMs: cpu.user / 1000, cpuSystemMs: cpu.system / 1000, peakRss, peakHeap, rss: memory.rss, heapUsed: memory.heapUsed, external: memory.external + memory.arrayBuffers };
  await send({ type: 'result', result });
  // Close without deregistering: the server forgets the instances by itself, and this child is done.
  await client.close();
  process.exit(0);
}

process.once('message', (config) => {
  run(config).catch(async (error) => {
    await send({ type: 'error', error: String(error?.stack ?? error) });
    process.exit(1);
  });
});
