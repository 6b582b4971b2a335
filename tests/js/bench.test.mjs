// The benchmark harness in quick mode (bench/run.mjs --quick): every section runs and produces figures.
// Proves the harness works; it asserts no timings (those are for `make bench` on a quiet machine).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SECTIONS = ['size', 'startup', 'register', 'heartbeat', 'failover'];

function runQuick(out) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bench/run.mjs', '--quick', '--out', out], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output }));
  });
}

test('bench/run.mjs --quick: every section produces numeric figures, ratios and a report', { timeout: 240000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nacos-wasm-bench-test-'));
  try {
    const out = path.join(dir, 'RESULTS.md');
    const { code, output } = await runQuick(out);
    assert.equal(code, 0, `bench exited ${code}:\n${output}`);

    const report = JSON.parse(fs.readFileSync(path.join(dir, 'RESULTS.json'), 'utf8'));
    assert.equal(report.quick, true);
    for (const key of ['date', 'cpu', 'cores', 'node', 'commit']) assert.ok(report.info[key], `machine info lacks ${key}`);
    assert.deepEqual(report.sections.map((s) => s.name).filter((n) => n !== 'warning'), SECTIONS);
    for (const section of report.sections.filter((s) => s.name !== 'warning')) {
      assert.equal(section.error, undefined, `${section.name} failed: ${section.error}`);
      const figures = Object.entries(section.figures);
      assert.ok(figures.length > 0, `${section.name} has no figures`);
      // NaN and Infinity are written as strings, so a broken measurement fails here.
      for (const [key, value] of figures) {
        assert.ok(typeof value === 'number' && Number.isFinite(value), `${section.name}: ${key} is ${value}`);
      }
      assert.ok(section.tables.length > 0, `${section.name} has no table`);
    }
    const ratios = report.sections.flatMap((s) => s.ratios ?? []);
    assert.ok(ratios.length >= 10, `only ${ratios.length} ratios`);
    for (const r of ratios) assert.ok(typeof r.value === 'number' && Number.isFinite(r.value), `ratio ${r.name} is ${r.value}`);

    const markdown = fs.readFileSync(out, 'utf8');
    assert.match(markdown, /^## Ratios\n\n.*\n\n\| comparison \| ratio \| what \|\n\|---\|---\|---\|\n\| /m);
    assert.match(markdown, /^## Targets$/m);
    for (const title of ['1. Size', '2. Start-up', '3. Register', '4. Heartbeat scale', '5. Failover']) {
      assert.match(markdown, new RegExp(`^## ${title.replace('.', '\\.')}$`, 'm'));
    }
    assert.doesNotMatch(markdown, /\bNaN\b/, 'a figure in the report is NaN');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
