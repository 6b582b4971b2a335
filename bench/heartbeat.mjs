// Section 4, heartbeat scale: many ephemeral instances in one client process (a child per run, measured
// alone), beat gaps per instance, client CPU and memory, ours beside nacos-naming, and the server's view.
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRnacos } from '../tests/js/harness/rnacos.mjs';
import { beatProxy } from './lib/beat-proxy.mjs';
import { instanceOf, servicesFor } from './lib/instances.mjs';
import { ratio, summary } from './lib/stats.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const MiB = 2 ** 20;

/** Gaps between consecutive beats of each instance, as the proxy saw them, within the window. */
function proxyGaps(proxy, count, services, { start, end }) {
  const gaps = [];
  let silent = 0;
  for (let i = 0; i < count; i++) {
    const { ip, port } = instanceOf(i, services);
    const seen = (proxy.beats.get(`${ip}:${port}`) ?? []).filter((at) => at >= start && at <= end);
    if (seen.length === 0) silent += 1;
    for (let j = 1; j < seen.length; j++) gaps.push(seen[j] - seen[j - 1]);
  }
  return { ...summary(gaps), silent };
}

/** Waits until the proxy has seen a beat from every instance (or `timeoutMs` passed). */
async function everyInstanceBeat(proxy, count, services, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (let i = 0; i < count && Date.now() < deadline; ) {
    const { ip, port } = instanceOf(i, services);
    if (proxy.beats.has(`${ip}:${port}`)) i += 1;
    else await new Promise((r) => setTimeout(r, 100));
  }
}

/** Samples the server's list of every service: how many of our instances it lists as healthy. */
async function sampleHealth(server, count, services) {
  let healthy = 0;
  for (let s = 0; s < services; s++) {
    const hosts = await server.listInstances(`bench-beat-${s}`);
    healthy += hosts.filter((h) => h.healthy).length;
  }
  return healthy / count;
}

/** One client, one count: a fresh r-nacos, the recording proxy in front of it, the client in a child. */
async function runOne(impl, count, { windowMs, sampleMs }) {
  const services = servicesFor(count);
  const server = await startRnacos({ label: `bench-beat-${impl}-${count}` });
  const proxy = await beatProxy(server.baseUrl);
  const child = fork(path.join(here, 'heartbeat-child.mjs'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const health = [];
  let sampling = null;
  // Registration time grows with the count (and with nacos-naming's connection per request).
  const deadlineMs = windowMs + 90000 + count * 20;
  let warmedMs = NaN;
  try {
    const result = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no result within ${deadlineMs} ms`)), deadlineMs);
      child.on('message', async (m) => {
        if (m.type === 'registered') {
          const t = Date.now();
          await everyInstanceBeat(proxy, count, services, 30000);
          warmedMs = Date.now() - t;
          child.send('start');
        } else if (m.type === 'window-start') {
          sampling = (async () => {
            for (;;) {
              try {
                health.push(await sampleHealth(server, count, services));
              } catch (error) {
                health.push(NaN);
              }
              if (sampling === 'stop') return;
              await new Promise((r) => setTimeout(r, sampleMs));
              if (child.exitCode !== null || sampling === 'stop') return;
            }
          })();
        } else if (m.type === 'result') {
          clearTimeout(timer);
          resolve(m.result);
        } else if (m.type === 'error') {
          clearTimeout(timer);
          reject(new Error(m.error));
        }
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`child exited (${code}) before its result`));
      });
      child.send({ impl, serverAddress: proxy.address, count, windowMs, services });
    });
    const pending = sampling;
    sampling = 'stop';
    await pending;
    return { ...result, warmedMs, proxyGaps: proxyGaps(proxy, count, services, result.window), health, proxyFailed: proxy.failed };
  } catch (error) {
    return { error: String(error.message ?? error), health };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await proxy.close();
    await server.stop();
  }
}

export async function runHeartbeat({ quick }) {
  const counts = quick ? [50] : [1000, 10000];
  // The window starts once the proxy has seen every instance beat (nacos-naming's loop first sleeps
  // 10 s after construction, ours beats 5 s after each registration); at 12 s it holds two more beats
  // of each instance, so quick mode has at least one gap per instance.
  const opts = quick ? { windowMs: 12000, sampleMs: 2000 } : { windowMs: 60000, sampleMs: 5000 };
  // raw fetch is the floor: how far this machine gets with nothing but fetch and a timer per instance.
  const impls = ['ours', 'nacos-naming', 'raw fetch'];
  const runs = {};
  for (const count of counts) {
    // Full mode measures each client alone; quick mode only proves the harness, so it runs both at once.
    if (quick) {
      const both = await Promise.all(impls.map((impl) => runOne(impl, count, opts)));
      impls.forEach((impl, k) => (runs[`${impl}@${count}`] = both[k]));
    } else {
      for (const impl of impls) runs[`${impl}@${count}`] = await runOne(impl, count, opts);
    }
  }

  const figures = {};
  const rows = [];
  const notes = [];
  const ratios = [];
  for (const count of counts) {
    for (const impl of impls) {
      const r = runs[`${impl}@${count}`];
      if (r.error) {
        rows.push([impl, count, 'failed (see below)', '', '', '', '', '', '', '']);
        notes.push(`${impl} with ${count} instances did not complete: \`${r.error.split('\n')[0]}\``);
        continue;
      }
      const g = r.proxyGaps;
      const windowS = (r.window.end - r.window.start) / 1000;
      const cpuPct = ((r.cpuUserMs + r.cpuSystemMs) / 1000 / windowS) * 100;
      const minHealthy = Math.min(...r.health);
      if (r.warmedMs >= 30000) notes.push(`${impl} with ${count} instances: not every instance had beaten 30 s after registration; the window started anyway.`);
      const f = {
        gapP50: g.p50, gapP99: g.p99, gapMax: g.max, proxyGapP99: r.proxyGaps.p99, silent: r.proxyGaps.silent,
        cpuPct, peakRssMiB: r.peakRss / MiB, heapMiB: r.heapUsed / MiB, registerMs: r.registerMs, minHealthyPct: minHealthy * 100,
      };
      for (const [k, v] of Object.entries(f)) figures[`${impl}@${count}.${k}`] = v;
      rows.push([impl, count, f.gapP50 / 1000, f.gapP99 / 1000, f.gapMax / 1000, f.silent, f.cpuPct, f.peakRssMiB, f.heapMiB, `${f.minHealthyPct.toFixed(1)}% (${r.health.length} samples)`]);
      if (r.registerFailures) notes.push(`${impl} with ${count} instances: ${r.registerFailures} registration attempts failed (each retried up to 3 times).`);
      if (r.proxyFailed) notes.push(`${impl} with ${count} instances: the proxy failed to forward ${r.proxyFailed} requests.`);
    }
    ratios.push({
      name: `heartbeats ${count}: p99 beat gap ours / raw fetch`,
      value: ratio(figures[`ours@${count}.proxyGapP99`], figures[`raw fetch@${count}.proxyGapP99`]),
      meaning: 'both measured at the proxy',
    });
    ratios.push({
      name: `heartbeats ${count}: CPU ours / raw fetch`,
      value: ratio(figures[`ours@${count}.cpuPct`], figures[`raw fetch@${count}.cpuPct`]),
      meaning: 'client CPU over the window',
    });
    const a = figures[`ours@${count}.cpuPct`];
    const b = figures[`nacos-naming@${count}.cpuPct`];
    ratios.push({ name: `heartbeats ${count}: CPU ours / nacos-naming`, value: ratio(a, b), meaning: 'client CPU over the window' });
    ratios.push({
      name: `heartbeats ${count}: peak RSS ours / nacos-naming`,
      value: ratio(figures[`ours@${count}.peakRssMiB`], figures[`nacos-naming@${count}.peakRssMiB`]),
      meaning: 'client process memory',
    });
    ratios.push({
      name: `heartbeats ${count}: p99 beat gap ours / nacos-naming`,
      value: ratio(figures[`ours@${count}.proxyGapP99`], figures[`nacos-naming@${count}.proxyGapP99`]),
      meaning: 'both measured at the proxy',
    });
  }
  const at10k = figures['ours@10000.gapP99'];
  notes.unshift(
    `Window ${opts.windowMs / 1000} s, starting once the proxy has seen every instance beat; each run has its own r-nacos, with a recording proxy in front (in the parent process) and the client alone in a child process.`,
    'Gaps: every client measured the same way, at the proxy, by instance ip:port (when the request arrives); no client has an event listener. "silent" counts instances with no beat in the window.',
    'CPU is user + system of the client process over the window, in % of one core; memory from process.memoryUsage() (RSS includes the wasm memory).',
    'Server view: the fraction of the instances r-nacos lists as healthy, sampled through the window; "min" is the worst sample.',
  );
  return {
    name: 'heartbeat',
    title: '4. Heartbeat scale',
    tables: [
      {
        caption: 'Beat gaps (s), client CPU and memory, server view',
        columns: ['client', 'instances', 'gap p50', 'gap p99', 'gap max', 'silent', 'CPU %', 'peak RSS MiB', 'heap MiB', 'min healthy at server'],
        rows,
      },
    ],
    notes,
    figures,
    ratios,
    targets: [
      {
        target: 'p99 beat gap <= 5.5 s at 10,000 instances (5 s interval)',
        measured: quick ? 'not run (quick mode: 50 instances)' : Number.isFinite(at10k) ? `${(at10k / 1000).toFixed(2)} s` : 'the 10,000-instance run failed (see section 4)',
        met: Number.isFinite(at10k) ? at10k <= 5500 : quick ? null : false,
      },
    ],
  };
}
