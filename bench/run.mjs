// Runs the benchmarks and writes the report: `node bench/run.mjs [--quick] [--only size,startup,...] [--out FILE]`.
// Full mode (make bench) writes bench/RESULTS.md; --quick uses tiny sizes to prove the harness works
// (tests/js/bench.test.mjs) and writes to a temp file unless --out says otherwise.
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildStamp, repoRoot, waitForPkg } from './lib/ours.mjs';
import { machine, writeReport } from './lib/report.mjs';
import { runSize } from './size.mjs';
import { runStartup } from './startup.mjs';
import { runRegister } from './register.mjs';
import { runHeartbeat } from './heartbeat.mjs';
import { runFailover } from './failover.mjs';

const SECTIONS = { size: runSize, startup: runStartup, register: runRegister, heartbeat: runHeartbeat, failover: runFailover };

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    out: { type: 'string' },
  },
});
const quick = values.quick;
const only = values.only ? values.only.split(',').map((s) => s.trim()) : Object.keys(SECTIONS);
const unknown = only.filter((s) => !SECTIONS[s]);
if (unknown.length) {
  console.error(`unknown section(s): ${unknown.join(', ')}; known: ${Object.keys(SECTIONS).join(', ')}`);
  process.exit(2);
}
// Quick figures mean nothing, so they never overwrite the real results by accident.
const out = path.resolve(values.out ?? (quick ? path.join(os.tmpdir(), `nacos-wasm-bench-quick-${process.pid}.md`) : path.join(repoRoot, 'bench', 'RESULTS.md')));

await waitForPkg();
const info = machine(repoRoot);
const build = buildStamp();
const sections = [];
for (const name of only) {
  const started = Date.now();
  process.stdout.write(`[bench] ${name}${quick ? ' (quick)' : ''} ...`);
  try {
    sections.push(await SECTIONS[name]({ quick }));
  } catch (error) {
    // One broken section still leaves a report of the others; the failure is written into it.
    sections.push({ name, title: name, error: String(error?.stack ?? error), figures: {} });
  }
  process.stdout.write(` ${((Date.now() - started) / 1000).toFixed(1)} s${sections.at(-1).error ? ' FAILED' : ''}\n`);
}
const buildAfter = buildStamp();
if (buildAfter !== build) {
  // Another engineer rebuilt pkg/ during the run: the sections may have measured two different builds.
  sections.push({ name: 'warning', title: 'Warning', notes: [`pkg/ was rebuilt during the run (${build} at the start, ${buildAfter} at the end).`], figures: {} });
}
const jsonFile = writeReport(out, { info, quick, build, sections });
console.log(`[bench] wrote ${out} and ${jsonFile}`);
for (const s of sections) if (s.error) console.error(`[bench] ${s.name} failed: ${s.error}`);
process.exit(sections.some((s) => s.error) ? 1 : 0);
