// The browser dashboard (www/, served by scripts/dashboard-server.mjs) in headless Chromium against a
// two-server r-nacos cluster: register through the form, watch beats on the timeline, stop a server
// and see the failover, deregister; no console errors; screenshots in tests/output/ (dashboard.png at
// 1280x800, dashboard-narrow.png at 390 px wide, where nothing may be wider than the screen).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { NacosNamingClient, consumerDir } from './harness/pkg.mjs';
import { startCluster } from './harness/rnacos-cluster.mjs';
import { uniqueName, waitFor } from './harness/util.mjs';
import { startDashboardServer } from '../../scripts/dashboard-server.mjs';

const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
// Flags this machine needs: root without a sandbox, no GPU, and no calls home (the network is closed).
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const OUTPUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'output');
// The server the test stops: the one that joined the cluster, so the other keeps its raft leader.
const STOPPED = 1;

let servers = [];
let web;
let browser;
let other;

before(async () => {
  // A cluster, as in `make demo`: both servers list every instance, so the page's table is the same
  // whichever server answers a read.
  servers = await startCluster(2, { label: 'dashboard' });
  // The installed package, as a user gets it, rather than the repo's pkg/.
  web = await startDashboardServer({
    upstreams: servers.map((server) => server.baseUrl),
    pkgDir: path.join(consumerDir, 'node_modules', 'nacos-wasm'),
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
});

after(async () => {
  await other?.close({ deregister: true }).catch(() => {});
  await browser?.close();
  await web?.close();
  await Promise.all(servers.map((server) => server.stop()));
});

test('dashboard: register through the form, beats on the timeline, failover shown, deregister', async () => {
  // Another client (Node, straight at the first server) whose instance the page must list as someone else's.
  const otherService = uniqueName('dash-other');
  other = new NacosNamingClient({ serverList: servers[0].address });
  await other.registerInstance(otherService, { ip: '127.0.0.1', port: 18090, metadata: { owner: 'node' } });

  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  let stoppedAt = null;
  const problems = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    // Once a server is stopped, the proxy answers 502 for it, and the surviving node answers 500 for
    // a while to writes it would forward to its dead peer: Chromium logs each such response. Failing
    // over past them is what the test is about, so only these are expected.
    const expected = stoppedAt && /^Failed to load resource: the server responded with a status of 50[02]/.test(msg.text())
      && /\/s\/\d+\/nacos\//.test(msg.location().url);
    if (!expected) problems.push(`console: ${msg.text()} (${msg.location().url})`);
  });
  page.on('requestfailed', (req) => problems.push(`requestfailed: ${req.url()} ${req.failure()?.errorText}`));

  await page.goto(`${web.url}/`);
  await page.locator('#servers li.server').nth(1).waitFor({ timeout: 30000 });

  await waitFor('the other client\'s instance in the table', () => page.locator(
    `.service[data-service="${otherService}"] tr[data-instance="127.0.0.1:18090"][data-own="false"]`).count(),
  { timeoutMs: 30000 });

  // Register through the form, with a 1 s first beat (r-nacos then asks for one every 5 s).
  const service = uniqueName('dash');
  await page.fill('input[name=service]', service);
  await page.fill('input[name=port]', '23456');
  await page.fill('input[name=metadata]', 'team=qa, version=2');
  await page.selectOption('select[name=interval]', '1000');
  await page.click('#register-form button[type=submit]');
  await waitFor('the form to say registered', async () => (await page.getAttribute('#register-result', 'class')).split(' ').includes('ok')
    || Promise.reject(new Error(await page.textContent('#register-result'))), { timeoutMs: 15000 });

  const row = page.locator(`.service[data-service="${service}"] tr[data-instance="127.0.0.1:23456"]`);
  await waitFor('the registered instance in the table', () => row.count(), { timeoutMs: 30000 });
  assert.equal(await row.getAttribute('data-own'), 'true');
  const rowText = await row.textContent();
  assert.match(rowText, /team=qa/);
  assert.match(rowText, /healthy/);
  const ownServer = await servers[0].findInstance(service, '127.0.0.1', 23456);
  assert.equal(ownServer?.metadata?.team, 'qa', 'the server has it, with its metadata');

  const lane = page.locator(`.lane[data-key="${service}#127.0.0.1#23456"]`);
  const beats = async () => Number((await lane.getAttribute('data-beats')) ?? 0);
  await waitFor('two beats on the timeline', async () => (await beats()) >= 2, { timeoutMs: 30000 });
  assert.ok(await lane.locator('.mark.beat').count() >= 2, 'each beat is a mark on the chart');

  // Failover: stop one server; the page must show it down and keep beating through the other.
  const beatsBefore = await beats();
  stoppedAt = Date.now();
  await servers[STOPPED].stop();
  const stoppedCard = page.locator(`#servers li.server[data-index="${STOPPED}"]`);
  await waitFor('the stopped server shown down', async () => (await stoppedCard.getAttribute('data-up')) === 'false',
    { timeoutMs: 40000 });
  assert.match(await stoppedCard.textContent(), /down/);
  await waitFor('a beat after the stop, answered by the other server', async () =>
    (await beats()) > beatsBefore && (await lane.getAttribute('data-last-server')) === String(1 - STOPPED),
  { timeoutMs: 40000 });
  const live = page.locator(`#servers li.server[data-index="${1 - STOPPED}"]`);
  assert.equal(await live.getAttribute('data-up'), 'true');
  assert.ok(Number(await stoppedCard.getAttribute('data-failures')) > 0, 'its failures are counted');
  await waitFor('the instance still listed', () => row.count(), { timeoutMs: 20000 });

  fs.mkdirSync(OUTPUT, { recursive: true });
  await page.screenshot({ path: path.join(OUTPUT, 'dashboard.png') });

  // A narrow screen (a phone): one column, nothing wider than the screen, the instance still shown.
  await page.setViewportSize({ width: 390, height: 844 });
  await waitFor('the layout to reflow', async () =>
    page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), { timeoutMs: 5000 });
  assert.ok(await row.isVisible(), 'the instance row is visible on a narrow screen');
  await page.screenshot({ path: path.join(OUTPUT, 'dashboard-narrow.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });

  // Deregister with the row's button: gone from the table, the timeline and the server.
  await row.locator('button[data-deregister]').click();
  await waitFor('the lane removed', async () => (await lane.count()) === 0, { timeoutMs: 15000 });
  await waitFor('the row gone from the table', async () => (await row.count()) === 0, { timeoutMs: 30000 });
  await waitFor('the server no longer lists it', async () =>
    (await servers[1 - STOPPED].findInstance(service, '127.0.0.1', 23456)) === undefined, { timeoutMs: 15000 });

  await page.close();
  assert.deepEqual(problems, [], 'no page errors, console errors or failed requests');
});
