// The package in a browser (Debian chromium, driven by playwright-core): a plain page that maps the
// bare specifier with an import map, and a Vite build. Both reach r-nacos through a same-origin
// proxy; a page pointed straight at the server is refused by the browser (no CORS headers).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { consumerDir } from './harness/pkg.mjs';
import { startRnacos } from './harness/rnacos.mjs';
import { assertScenario, copyFixtures } from './harness/scenario.mjs';
import { startWebServer } from './harness/web-server.mjs';

const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
// Flags this machine needs: root without a sandbox, no GPU, and no calls home (the network is closed).
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

let server;
let browser;
const webServers = [];

before(async () => {
  server = await startRnacos({ label: 'runtime-browser' });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
});

after(async () => {
  await browser?.close();
  await Promise.all(webServers.map((w) => w.close()));
  await server?.stop();
});

async function serve(root) {
  const web = await startWebServer({ root, nacos: server.baseUrl });
  webServers.push(web);
  return web;
}

/** Opens `url` and awaits the promise the page puts on window[name], reporting page errors if it never does. */
async function pageResult(url, name = 'scenario') {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (msg) => msg.type() === 'error' && problems.push(`console: ${msg.text()}`));
  page.on('requestfailed', (req) => problems.push(`requestfailed: ${req.url()} ${req.failure()?.errorText}`));
  try {
    await page.goto(url);
    await page.waitForFunction((key) => window[key] !== undefined, name, { timeout: 30000 }).catch((error) => {
      throw new Error(`${url} never set window.${name}: ${problems.join('; ') || error.message}`);
    });
    return await page.evaluate((key) => window[key], name);
  } finally {
    await page.close();
  }
}

test('browser: a plain ES module page with an import map runs the scenario', async () => {
  copyFixtures('browser', ['scenario.mjs', 'browser/importmap.html']);
  const web = await serve(consumerDir);
  const report = await pageResult(`${web.url}/browser/importmap.html`);
  assertScenario(report, 'browser-importmap');
  assert.ok(web.requests.some((r) => r.startsWith('POST /nacos/v1/ns/instance')), 'went through the proxy');
});

test('browser: a Vite production build runs the scenario', async () => {
  const root = copyFixtures('vite', ['scenario.mjs', 'browser/vite/index.html', 'browser/vite/main.js']);
  await build({ root, logLevel: 'warn', configFile: false, build: { outDir: 'dist', emptyOutDir: true } });
  const assets = fs.readdirSync(path.join(root, 'dist', 'assets'));
  assert.ok(assets.some((f) => f.endsWith('.wasm')), `Vite emitted the wasm as an asset: ${assets}`);
  const web = await serve(path.join(root, 'dist'));
  assertScenario(await pageResult(`${web.url}/`), 'browser-vite');
});

test('browser: without the proxy, a cross-origin server fails with NETWORK_ERROR', async () => {
  const web = await serve(consumerDir);
  const url = `${web.url}/browser/importmap.html?direct=${encodeURIComponent(server.baseUrl)}`;
  const result = await pageResult(url, 'direct');
  assert.equal(result.name, 'NacosError');
  assert.equal(result.code, 'NETWORK_ERROR', JSON.stringify(result));
  assert.match(result.message, /Failed to fetch \(in a browser, .*CORS headers, so serve the page and a \/nacos\/ proxy/);
});
