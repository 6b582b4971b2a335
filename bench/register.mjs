// Section 3, register: N sequential registrations and N at concurrency 32, for ours, for raw fetch of
// the identical request (the floor), and for nacos-naming, interleaved in rounds; medians and ratios.
import { startRnacos } from '../tests/js/harness/rnacos.mjs';
import { countingServer } from '../tests/js/harness/util.mjs';
import { loadOurs } from './lib/ours.mjs';
import { makeNamingClient } from './lib/naming.mjs';
import { median, percentile, ratio } from './lib/stats.mjs';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVICE = 'bench-register';
/** What profiling found and what was changed for the target, shown with the results. */
const FINDINGS =
  'Profiled with `node --cpu-prof` (`bench/profile-overhead.mjs`: the client against an in-process stub server beside raw fetch, with a wasm-bindgen `--keep-debug` build for names), with every wasm export and import wrapped in a timer, with fetch stubbed out (the client\'s own work alone), and with `bench/profile-timeline.mjs` (the phases of each call against r-nacos, and CPU per call at concurrency 32, beside raw fetch). ' +
  'Changed, over three sessions: no serde on the call path; one long-lived answer callback instead of a promise and two closures per request; parameters encoded straight into the URL; unchanged headers not sent again; requests of one short window share one timeout timer; in Node no AbortSignal at all (fetch.js passes undici a dispatcher wrapper that keeps the request\'s handler and aborts through the abort undici stores on it; elsewhere the requests of a window share one signal); registration keys pushed instead of formatted; a beat due last appended without a search; our own executor instead of wasm-bindgen-futures (a call\'s request goes out before the method returns, its answer is handled at once, not a microtask later, and its promise is settled by id from JS); the registry entry and beat task made while the request is in flight rather than after the reply; no clock or random number read for a single server. Answers that arrive in one event-loop round, while other requests are in flight, are handed to the wasm together once the round\'s I/O is done (fetch.js, setImmediate in Node and Deno; a lone request\'s answer at once): at concurrency 32 that took the client\'s CPU per call from 1.25-1.4x raw fetch\'s to 0.99-1.04x (`bench/profile-timeline.mjs concurrent`), and fetch() itself from 10-25 µs slower than raw fetch\'s to no slower, because our code and undici\'s then run one call after another, warm, instead of cold between other sockets\' work. ' +
  'undici writes the request to the socket inside fetch() itself, so work done after fetch() returns overlaps the server\'s: moving the registration\'s bookkeeping there shortened the answer handling after the reply from about 16 to 12 µs per sequential call (`bench/profile-timeline.mjs`); before fetch() our code still takes about 20-26 µs, raw fetch 5-6. ' +
  'The signal matters in Node, and so does touching undici\'s handler: at concurrency 32 against r-nacos, client CPU per request beside raw fetch was about +5-11 % with the handler\'s onConnect replaced per request (the previous wrapper), +1 % with a dispatcher wrapper that leaves the handler alone, +0-2 % with one signal shared by 10 requests (process.cpuUsage, one process per comparison, medians of 18 alternating rounds). ' +
  'What is left is sequential, where each call runs cold between network waits: with fetch stubbed the client\'s work is about 8-11 µs per registration, but in a sequential run against r-nacos our code takes 20-26 µs before fetch() and 12-16 µs handling the answer (a JSON.stringify of the instance costs about 2.5 µs there, under 0.7 µs warm), and undici\'s own work after ours runs slower than after raw fetch\'s, by 0-60 µs from run to run. Cache eviction alone (`bench/profile-cold.mjs`) does not reproduce it; the cost follows the amount of code and data a call touches between network waits. ' +
  'No hot spot is left: the rest is spread over the JSON text in, the parameters, the registry entry, the beat schedule and the promise plumbing. Building at opt-level 3 cuts the hot cost from 7.6 to 5 µs, but the wasm becomes 112 KiB gzip, over the size target; opt-level s (85 KiB) and wasm-opt -O3 (same size) gain 5-15 %. ' +
  'Single runs move between about 0.9 and 1.45 from one fresh process to the next (two identical raw-fetch contenders in one process differ by up to 10 % in block rounds), more than between rounds, hence the median of independent runs.';

/** Independent runs (fresh process and server each), and interleaved rounds in each. */
const RUNS = 9;
/** Two full balanced orders (see `roundOrder`) of the four contenders. */
const ROUNDS = 8;
const BASE_PORT = 30000;
// Headers fetch manages itself (or forbids): everything else our client sent is replayed as is.
const MANAGED = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

/**
 * Records the exact request our client sends to register (method, path and query, headers) through a
 * forwarding proxy, so the raw-fetch floor replays the identical request, changing only the port.
 */
async function captureOurRequest(NacosNamingClient, server) {
  const recorder = await countingServer({ forwardTo: server.baseUrl });
  const client = new NacosNamingClient({ serverList: recorder.address, autoBeat: false });
  try {
    await client.registerInstance(SERVICE, { ip: '127.0.0.40', port: BASE_PORT });
  } finally {
    await client.close();
    await recorder.close();
  }
  const [req] = recorder.requests;
  const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !MANAGED.has(k)));
  return { method: req.method, pathAndQuery: req.url, headers };
}

/**
 * The contenders' order in round `round`: a balanced Latin square (Williams design), so over every
 * `names.length` rounds each contender goes first once and follows every other one once. Plain
 * rotation kept each contender's predecessor fixed: ours always ran right after nacos-naming, whose
 * new connection per request and garbage weigh on whoever comes next.
 */
export function roundOrder(names, round) {
  const n = names.length;
  const row = round % n;
  // 0, 1, n-1, 2, n-2, ...: consecutive pairs differ by 1, -2, 3, -4, ..., all distinct mod n (n even).
  const offsets = Array.from({ length: n }, (_, j) => (j === 0 ? 0 : j % 2 === 1 ? (j + 1) / 2 : n - j / 2));
  return offsets.map((offset) => names[(offset + row) % n]);
}

/** Runs `count` calls of `call(i)`, at most `concurrency` at once; returns each call's latency (ms). */
async function drive(count, concurrency, call) {
  const latencies = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const t = performance.now();
      await call(i);
      latencies[i] = performance.now() - t;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return latencies;
}

/** The three contenders, each a fresh client per round: make() -> { register(i), close() }. */
function contenders(NacosNamingClient, server, captured) {
  const instance = (ip, i) => ({ ip, port: BASE_PORT + i });
  return {
    ours: () => {
      // autoBeat off: on a slow machine a round outlasts the first beats (due 5 s after each
      // registration), and beat traffic would be measured as registration cost. Section 4 measures beats.
      const client = new NacosNamingClient({ serverList: server.address, autoBeat: false });
      return { register: (i) => client.registerInstance(SERVICE, instance('127.0.0.41', i)), close: () => client.close() };
    },
    'raw fetch': () => {
      const url = `${server.baseUrl}${captured.pathAndQuery}`.replace('ip=127.0.0.40', 'ip=127.0.0.42');
      const withPort = (i) => url.replace(/([?&]port=)\d+/, `$1${BASE_PORT + i}`);
      return {
        register: async (i) => {
          const res = await fetch(withPort(i), { method: captured.method, headers: captured.headers });
          const body = await res.text();
          if (res.status !== 200) throw new Error(`raw register answered ${res.status}: ${body}`);
        },
        close: async () => {},
      };
    },
    // Not the floor of the target (that is raw fetch above): a request timeout the usual way, an
    // AbortController and a timer per request, which undici then listens to.
    'raw fetch + timeout': () => {
      const url = `${server.baseUrl}${captured.pathAndQuery}`.replace('ip=127.0.0.40', 'ip=127.0.0.44');
      const withPort = (i) => url.replace(/([?&]port=)\d+/, `$1${BASE_PORT + i}`);
      return {
        register: async (i) => {
          const controller = new AbortController();
          const timer = setTimeout(() => controller.abort(), 5000);
          try {
            const res = await fetch(withPort(i), { method: captured.method, headers: captured.headers, signal: controller.signal });
            const body = await res.text();
            if (res.status !== 200) throw new Error(`raw register answered ${res.status}: ${body}`);
          } finally {
            clearTimeout(timer);
          }
        },
        close: async () => {},
      };
    },
    'nacos-naming': () => {
      const client = makeNamingClient([server.address]);
      return { register: (i) => client.registerInstance(SERVICE, instance('127.0.0.43', i)), close: () => client.close() };
    },
  };
}

/**
 * One measurement: a fresh r-nacos, `rounds` interleaved rounds of every contender. Returns each
 * contender's figures and the ratios. Run in a process of its own (`bench/register-child.mjs`).
 */
export async function measureRegisterOnce({ quick }) {
  const n = quick ? 20 : 500;
  const rounds = quick ? 2 : ROUNDS;
  const NacosNamingClient = loadOurs();
  const server = await startRnacos({ label: 'bench-register' });
  try {
    const captured = await captureOurRequest(NacosNamingClient, server);
    const makers = contenders(NacosNamingClient, server, captured);
    const names = Object.keys(makers);
    const totals = Object.fromEntries(names.map((k) => [k, { seq: [], conc: [] }]));
    const seqLatencies = Object.fromEntries(names.map((k) => [k, []]));
    for (let round = 0; round < rounds; round++) {
      const order = roundOrder(names, round);
      for (const name of order) {
        const c = makers[name]();
        try {
          // Untimed warm-up at concurrency 32: opens the pooled connections the concurrent run needs
          // (ours and raw fetch share undici's global pool, so neither pays for the other's) and warms the JIT.
          await drive(32, 32, c.register);
          let t = performance.now();
          seqLatencies[name].push(...(await drive(n, 1, c.register)));
          totals[name].seq.push(performance.now() - t);
          t = performance.now();
          await drive(n, 32, c.register);
          totals[name].conc.push(performance.now() - t);
        } finally {
          await c.close();
        }
      }
    }
    const per = (name, mode) => (median(totals[name][mode]) * 1000) / n; // µs per registration
    const figures = {};
    for (const name of names) {
      figures[`${name}.seqP50`] = percentile(seqLatencies[name], 50);
      figures[`${name}.seqP99`] = percentile(seqLatencies[name], 99);
      figures[`${name}.seqUs`] = per(name, 'seq');
      figures[`${name}.concUs`] = per(name, 'conc');
    }
    // Sequential: the median call, which a stall of the whole process (a busy machine) does not move;
    // concurrent: the median round, the only way to see throughput.
    const ratios = {
      seqRaw: ratio(figures['ours.seqP50'], figures['raw fetch.seqP50']),
      concRaw: ratio(figures['ours.concUs'], figures['raw fetch.concUs']),
      seqNaming: ratio(figures['ours.seqP50'], figures['nacos-naming.seqP50']),
      concNaming: ratio(figures['ours.concUs'], figures['nacos-naming.concUs']),
      seqTimeout: ratio(figures['ours.seqP50'], figures['raw fetch + timeout.seqP50']),
      concTimeout: ratio(figures['ours.concUs'], figures['raw fetch + timeout.concUs']),
    };
    return { n, rounds, names, figures, ratios, captured };
  } finally {
    await server.stop();
  }
}

/** One measurement in a fresh Node process (its own JIT, heap and sockets), as JSON. */
function measureInChild(quick) {
  const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'register-child.mjs');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [child, ...(quick ? ['--quick'] : [])], { maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${child} failed: ${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout));
    });
  });
}

export async function runRegister({ quick }) {
  const runs = [];
  for (let i = 0; i < (quick ? 1 : RUNS); i++) runs.push(await measureInChild(quick));
  const { n, rounds, names, captured } = runs[0];
  const across = (pick) => median(runs.map(pick));
  const figures = {};
  const rows = names.map((name) => {
    const f = (k) => across((run) => run.figures[`${name}.${k}`]);
    const row = { seqP50: f('seqP50'), seqP99: f('seqP99'), seqUs: f('seqUs'), concUs: f('concUs') };
    for (const [k, v] of Object.entries(row)) figures[`${name}.${k}`] = v;
    return [name, row.seqP50 * 1000, row.seqP99, row.seqUs, row.concUs, (1e6 / row.concUs) | 0];
  });
  // Each ratio is the median of the runs' own ratios (each run compares contenders measured side by
  // side in one process); every run's ratios are listed too.
  const r = Object.fromEntries(Object.keys(runs[0].ratios).map((k) => [k, across((run) => run.ratios[k])]));
  const keys = ['seqRaw', 'concRaw', 'seqNaming', 'concNaming'];
  const perRun = runs.map((run, i) => [`run ${i + 1}`, ...keys.map((k) => run.ratios[k].toFixed(2))]);
  perRun.push(['median', ...keys.map((k) => r[k].toFixed(2))]);
  const range = (k) => {
    const values = runs.map((run) => run.ratios[k]);
    return `${Math.min(...values).toFixed(2)}-${Math.max(...values).toFixed(2)}`;
  };
  const met = r.seqRaw <= 1.15 && r.concRaw <= 1.15 && r.seqNaming < 1 && r.concNaming < 1;
  return {
    name: 'register',
    title: '3. Register',
    tables: [
      {
        caption: `${n} registrations per run, median of ${rounds} interleaved rounds in each of ${runs.length} runs (each a fresh process and r-nacos), then the median of the runs`,
        columns: ['client', 'sequential p50 (µs per call)', 'sequential p99 (ms)', 'sequential (µs each, median round)', 'concurrency 32 (µs each, median round)', 'concurrency 32 (per s)'],
        rows,
      },
      {
        caption: 'Ratios of each run (ours / reference; the verdict uses the median)',
        columns: ['run', 'sequential / raw fetch', 'concurrency 32 / raw fetch', 'sequential / nacos-naming', 'concurrency 32 / nacos-naming'],
        rows: perRun,
      },
    ],
    notes: [
      `Raw fetch replays the request our client sent, recorded at a proxy: \`${captured.method} ${captured.pathAndQuery.replace(/\?.*/, '?…')}\` with ${Object.keys(captured.headers).length} headers (${Object.keys(captured.headers).join(', ')}), only ip and port changed; it awaits the body and checks the status, nothing more (no timeout timer, no failover).`,
      `Runs differ more from each other than rounds within a run do (single runs here have given 1.06 to 1.28 for the sequential ratio), so the section makes ${runs.length} independent run${runs.length === 1 ? '' : 's'}, each in a fresh Node process against a fresh r-nacos, and reports the median of their ratios, with every run shown.`,
      'Each round makes a fresh client per contender, registers 32 instances at concurrency 32 untimed (connections, JIT), then the timed runs. The order follows a balanced Latin square: over every 4 rounds each contender goes first once and runs right after each other one once (plain rotation, used before, had ours always follow nacos-naming). The same ports are registered again every round (an update for the server).',
      'Sequential ratios compare the median call: on a busy machine the whole process sometimes stalls for hundreds of ms (seen as event-loop delay, for every contender alike), which moves round totals and p99 but not the median.',
      'nacos-naming (urllib 2, no keep-alive agent) opens a new connection per request; ours and raw fetch use undici\'s pooled keep-alive connections.',
      FINDINGS,
      '"raw fetch + timeout" is raw fetch with a request timeout done the usual way (an AbortController, a setTimeout and its clearTimeout per request); ours shares one controller and timer among the requests of a short window (fetch.js). The target is measured against plain raw fetch.',
    ],
    figures: { ...figures, ...Object.fromEntries(Object.entries(r).map(([k, v]) => [`ratio.${k}`, v])) },
    ratios: [
      { name: 'register sequential: ours / raw fetch', value: r.seqRaw, meaning: 'median call' },
      { name: 'register concurrency 32: ours / raw fetch', value: r.concRaw, meaning: 'time per registration, median round' },
      { name: 'register sequential: ours / nacos-naming', value: r.seqNaming, meaning: 'median call' },
      { name: 'register concurrency 32: ours / nacos-naming', value: r.concNaming, meaning: 'time per registration, median round' },
      { name: 'register sequential: ours / raw fetch + timeout', value: r.seqTimeout, meaning: 'median call; raw fetch with an AbortController and timer' },
      { name: 'register concurrency 32: ours / raw fetch + timeout', value: r.concTimeout, meaning: 'time per registration, median round' },
    ],
    targets: [
      {
        target: 'register within 1.15x raw fetch and faster than nacos-naming',
        measured: `x${r.seqRaw.toFixed(2)} / x${r.concRaw.toFixed(2)} raw (sequential / concurrent; median of ${runs.length} runs, single runs ${range('seqRaw')} / ${range('concRaw')}), x${r.seqNaming.toFixed(2)} / x${r.concNaming.toFixed(2)} nacos-naming`,
        met,
        why: met
          ? undefined
          : FINDINGS,
      },
    ],
  };
}
