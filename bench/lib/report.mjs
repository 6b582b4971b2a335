// Turns the sections' results into bench/RESULTS.md (and a JSON twin the quick-mode test reads).
import fs from 'node:fs';
import os from 'node:os';
import { execFileSync } from 'node:child_process';

/** Formats a figure for a table: NaN stays visible as "NaN" so a broken measurement is never hidden. */
export function fmt(value, digits = 1) {
  if (typeof value !== 'number') return String(value);
  if (!Number.isFinite(value)) return 'NaN';
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(digits);
}

export const kib = (bytes) => bytes / 1024;

export function machine(repoRoot) {
  const git = (...args) => {
    try {
      return execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  };
  const dirty = git('status', '--porcelain', '--untracked-files=no') !== '';
  return {
    date: new Date().toISOString(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    // Others may be using the machine: the load at the start says how much to trust the timings.
    loadAverage: os.loadavg().map((l) => +l.toFixed(2)),
    commit: `${git('rev-parse', '--short', 'HEAD')}${dirty ? ' (with uncommitted changes)' : ''}`,
  };
}

function table({ caption, columns, rows }) {
  const lines = [];
  if (caption) lines.push(`**${caption}**`, '');
  lines.push(`| ${columns.join(' | ')} |`, `|${columns.map(() => '---').join('|')}|`);
  for (const row of rows) lines.push(`| ${row.map((c) => fmt(c)).join(' | ')} |`);
  return lines.join('\n');
}

const verdict = (met) => (met === true ? 'met' : met === false ? '**missed**' : 'not measured');

export function render({ info, quick, sections, build }) {
  const out = [];
  out.push('# nacos-wasm benchmarks', '');
  out.push(`Written by \`node bench/run.mjs${quick ? ' --quick' : ''}\` (\`make bench\`). All traffic on 127.0.0.1 against a real r-nacos.`);
  if (quick) out.push('', '**Quick mode**: tiny sizes that only prove the harness works; the figures mean nothing.');
  out.push('', '| | |', '|---|---|');
  out.push(`| date | ${info.date} |`, `| machine | ${info.cpu}, ${info.cores} cores, ${info.memoryGiB} GiB, ${info.os} |`);
  out.push(`| Node | ${info.node} |`, `| git commit | ${info.commit} |`, `| wasm measured | ${build} |`);
  out.push(`| load average at start | ${info.loadAverage.join(', ')} |`, '');

  out.push('## Ratios', '', 'Below 1 means nacos-wasm took less (time, bytes, CPU) than the reference.', '');
  out.push('| comparison | ratio | what |', '|---|---|---|');
  for (const s of sections) for (const r of s.ratios ?? []) out.push(`| ${r.name} | ${fmt(r.value, 2)} | ${r.meaning} |`);
  out.push('');

  out.push('## Targets', '', '| target | measured | verdict |', '|---|---|---|');
  for (const s of sections) for (const t of s.targets ?? []) out.push(`| ${t.target} | ${t.measured} | ${verdict(t.met)} |`);
  const whys = sections.flatMap((s) => (s.targets ?? []).filter((t) => t.met === false && t.why));
  if (whys.length) {
    out.push('', 'Why the missed ones are missed, as far as can be seen:', '');
    for (const t of whys) out.push(`- **${t.target}**: ${t.why}`);
  }
  out.push('');

  for (const s of sections) {
    out.push(`## ${s.title}`, '');
    if (s.error) out.push(`**This section failed**: \`${s.error}\``, '');
    for (const t of s.tables ?? []) out.push(table(t), '');
    for (const n of s.notes ?? []) out.push(`- ${n}`);
    if (s.notes?.length) out.push('');
  }
  return out.join('\n');
}

/** Writes the markdown and, beside it, the same results as JSON (`.json` instead of `.md`). */
export function writeReport(outFile, report) {
  fs.writeFileSync(outFile, render(report));
  const jsonFile = outFile.replace(/\.md$/, '') + '.json';
  fs.writeFileSync(jsonFile, JSON.stringify(report, (k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2));
  return jsonFile;
}
