// Section 2, start-up: load + instantiate + construct a client in a fresh Node process, many times,
// ours (CommonJS and ESM) beside require('nacos-naming') + construct; runs interleaved, medians reported.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePorts } from '../tests/js/harness/util.mjs';
import { median, ratio } from './lib/stats.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

/** One fresh process: its own figure (load + construct) and the wall time from spawn to exit. */
function sample(mode, serverAddress) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [path.join(here, 'startup-child.cjs'), mode, serverAddress], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      const wall = performance.now() - started;
      if (code !== 0) return reject(new Error(`startup child ${mode} exited ${code}: ${stderr}`));
      resolve({ inProcess: JSON.parse(stdout.trim()).ms, wall });
    });
  });
}

export async function runStartup({ quick }) {
  const runs = quick ? 3 : 20;
  // A port nobody listens on: neither client sends anything at construction, and if one did, it
  // would only reach a closed port on loopback.
  const [port] = await freePorts(1);
  const address = `127.0.0.1:${port}`;
  const modes = ['ours-cjs', 'ours-esm', 'naming'];
  const samples = Object.fromEntries(modes.map((m) => [m, { inProcess: [], wall: [] }]));
  // One warm-up each fills the OS file cache, so the first mode measured is not the only cold one.
  if (!quick) for (const m of modes) await sample(m, address);
  for (let i = 0; i < runs; i++) {
    for (const m of modes) {
      const s = await sample(m, address);
      samples[m].inProcess.push(s.inProcess);
      samples[m].wall.push(s.wall);
    }
  }
  const med = Object.fromEntries(modes.map((m) => [m, { inProcess: median(samples[m].inProcess), wall: median(samples[m].wall) }]));
  const labels = {
    'ours-cjs': "nacos-wasm: require('nacos-wasm') (CommonJS glue) + new",
    'ours-esm': "nacos-wasm: import 'nacos-wasm' (entries/node.mjs) + new",
    naming: "nacos-naming: require('nacos-naming') + new + ready()",
  };
  const figures = {};
  for (const m of modes) {
    figures[`${m}.inProcess.medianMs`] = med[m].inProcess;
    figures[`${m}.wall.medianMs`] = med[m].wall;
  }
  return {
    name: 'startup',
    title: '2. Start-up',
    tables: [
      {
        caption: `Median of ${runs} fresh processes each (ms)`,
        columns: ['what', 'load + construct (in the process)', 'whole process (spawn to exit)'],
        rows: modes.map((m) => [labels[m], med[m].inProcess, med[m].wall]),
      },
    ],
    notes: [
      '"load + construct" runs from the first line of the child script to a constructed client; "whole process" adds Node\'s own boot and exit.',
      `Runs are interleaved (ours CJS, ours ESM, nacos-naming, repeat)${quick ? '' : ' after one unmeasured warm-up each'}.`,
      'nacos-naming is given a 127.0.0.1 server list; construction binds its UDP push receiver (port 0, all interfaces) and sends nothing.',
    ],
    figures,
    ratios: [
      { name: 'start-up: ours (CJS) / nacos-naming', value: ratio(med['ours-cjs'].inProcess, med.naming.inProcess), meaning: 'load + construct, median' },
      { name: 'start-up: ours (ESM) / nacos-naming', value: ratio(med['ours-esm'].inProcess, med.naming.inProcess), meaning: 'load + construct, median' },
    ],
  };
}
