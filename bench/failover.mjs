// Section 5, failover: three servers (one refusing connections, one accepting but never answering, one
// real r-nacos); the latency distribution of many registrations, ours beside the plain Java policy
// (random start, no memory of failures: ours with serverCooldownMs 0) and nacos-naming.
import { startRnacos } from '../tests/js/harness/rnacos.mjs';
import { droppingServer, silentServer } from '../tests/js/harness/util.mjs';
import { loadOurs } from './lib/ours.mjs';
import { makeNamingClient } from './lib/naming.mjs';
import { ratio, summary } from './lib/stats.mjs';

const SERVICE = 'bench-failover';

/** Registers `count` times in sequence; 20 distinct instances re-registered, so beats stay a trickle. */
async function measure(register, count, ipSuffix) {
  const latencies = [];
  let errors = 0;
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    try {
      await register({ ip: `127.0.0.${ipSuffix}`, port: 31000 + (i % 20) });
    } catch {
      errors += 1;
    }
    latencies.push(performance.now() - t);
  }
  return { latencies, errors };
}

/** The latencies after the first one that waited out a timeout: the steady state after learning. */
function afterFirstTimeout(latencies, timeoutMs) {
  const first = latencies.findIndex((l) => l >= timeoutMs * 0.9);
  return first < 0 ? latencies : latencies.slice(first + 1);
}

export async function runFailover({ quick }) {
  const count = quick ? 10 : 500;
  // Quick mode only proves the harness: a shorter timeout keeps it short.
  const timeoutMs = quick ? 500 : 1000;
  const NacosNamingClient = loadOurs();
  const server = await startRnacos({ label: 'bench-failover' });
  const dead = await droppingServer();
  const hung = await silentServer();
  const three = [dead.address, hung.address, server.address];
  const clients = [];
  const ours = (serverList, extra = {}) => {
    const c = new NacosNamingClient({ serverList, requestTimeoutMs: timeoutMs, ...extra });
    clients.push(() => c.close());
    return (instance) => c.registerInstance(SERVICE, instance);
  };
  try {
    const results = {};
    // The floor first, alone: ours with only the healthy server, after an untimed call that warms the
    // server (its first registration of a service is slower) and the connection pool.
    const healthy = ours([server.address]);
    await healthy({ ip: '127.0.0.50', port: 31000 });
    results['all healthy (ours, r-nacos only)'] = await measure(healthy, count, 50);
    results['ours (cool-down 10 s)'] = await measure(ours(three), count, 51);
    // These two wait out the hung server on about a third of their calls; run side by side to halve
    // the wall time (they mostly sleep on timeouts, so they barely compete).
    const naming = makeNamingClient(three, { timeoutMs });
    clients.push(() => naming.close());
    const [java, theirs] = await Promise.all([
      measure(ours(three, { serverCooldownMs: 0 }), count, 52),
      measure((instance) => naming.registerInstance(SERVICE, instance), count, 53),
    ]);
    results['plain Java policy (ours, serverCooldownMs 0)'] = java;
    results['nacos-naming'] = theirs;

    const figures = {};
    const rows = [];
    const stats = {};
    for (const [name, r] of Object.entries(results)) {
      const all = summary(r.latencies);
      const after = summary(afterFirstTimeout(r.latencies, timeoutMs));
      const timeouts = r.latencies.filter((l) => l >= timeoutMs * 0.9).length;
      stats[name] = { all, after };
      Object.assign(figures, {
        [`${name}.p50`]: all.p50, [`${name}.p90`]: all.p90, [`${name}.p99`]: all.p99, [`${name}.max`]: all.max,
        [`${name}.afterFirstTimeout.p99`]: after.p99, [`${name}.timeouts`]: timeouts, [`${name}.errors`]: r.errors,
      });
      rows.push([name, all.p50, all.p90, all.p99, all.max, after.p99, timeouts, r.errors, r.latencies.reduce((a, b) => a + b, 0) / 1000]);
    }
    const healthyP99 = stats['all healthy (ours, r-nacos only)'].all.p99;
    const oursAfter = stats['ours (cool-down 10 s)'].after.p99;
    const closeEnough = Math.max(2 * healthyP99, healthyP99 + 5);
    return {
      name: 'failover',
      title: '5. Failover',
      tables: [
        {
          caption: `${count} sequential registrations each, servers [refusing, hung, r-nacos], timeout ${timeoutMs} ms for all (ms)`,
          columns: ['client', 'p50', 'p90', 'p99', 'max', 'p99 after first timeout', 'calls >= 0.9 x timeout', 'errors', 'total s'],
          rows,
        },
      ],
      notes: [
        'The refusing server is harness util droppingServer (accepts and drops every connection), the hung one silentServer (accepts, never answers).',
        `Timeout ${timeoutMs} ms: our requestTimeoutMs; for nacos-naming, urllib's \`timeout\` through its \`httpclient\` option (its own default would be 5 s). Its server list is the same three addresses.`,
        '"all healthy" is ours with only the r-nacos in its list: the latency to come close to.',
        'The plain Java policy and nacos-naming run side by side (each sequential) to halve the wall time; the first two runs are alone.',
        'Every client keeps its default heartbeats (20 instances each), which go through the same failover.',
      ],
      figures,
      ratios: [
        { name: 'failover p99: ours / plain Java policy', value: ratio(stats['ours (cool-down 10 s)'].all.p99, stats['plain Java policy (ours, serverCooldownMs 0)'].all.p99), meaning: `p99 of ${count} registrations` },
        { name: 'failover p99: ours / nacos-naming', value: ratio(stats['ours (cool-down 10 s)'].all.p99, stats['nacos-naming'].all.p99), meaning: `p99 of ${count} registrations` },
        { name: 'failover p99 after first timeout: ours / all healthy', value: ratio(oursAfter, healthyP99), meaning: 'cost of a dead and a hung server once learnt' },
      ],
      targets: [
        {
          target: 'with a dead and a hung server, p99 register latency close to the all-healthy one after the first timeout',
          measured: `${oursAfter.toFixed(1)} ms vs ${healthyP99.toFixed(1)} ms all healthy (close = at most ${closeEnough.toFixed(1)} ms: 2x, or +5 ms)`,
          met: oursAfter <= closeEnough,
        },
      ],
    };
  } finally {
    for (const close of clients) await close().catch(() => {});
    await dead.close();
    await hung.close();
    await server.stop();
  }
}
