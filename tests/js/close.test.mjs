// close(): no timer outlives it (a child process exits by itself), later calls reject CLOSED, deregister option.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { NacosNamingClient, consumerDir } from './harness/pkg.mjs';
import { startRnacos } from './harness/rnacos.mjs';
import { rejection, silentServer, uniqueName } from './harness/util.mjs';

const fixture = fileURLToPath(new URL('./fixtures/beat-then-close.mjs', import.meta.url));
let server;

before(async () => {
  server = await startRnacos({ label: 'close' });
});

after(async () => {
  await server?.stop();
});

/**
 * Runs the fixture and collects its JSON lines. Resolves with { exited, code, lines } once it exits,
 * or with exited=false if it is still running `graceMs` after printing `lastLine` (then kills it).
 */
function runChild(args, lastLine, graceMs) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--unhandled-rejections=strict', fixture, consumerDir, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines = [];
    let stderr = '';
    let buffered = '';
    let timer;
    // Nothing the child does should take long; this only stops a broken child hanging the suite.
    const overall = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child never printed ${lastLine}; stdout ${JSON.stringify(lines)} stderr ${stderr}`));
    }, 30000);
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      let newline;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const text = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        let line;
        try {
          line = JSON.parse(text);
        } catch {
          line = { what: 'text', text };
        }
        lines.push(line);
        if (line.what === lastLine) {
          clearTimeout(overall);
          timer = setTimeout(() => {
            child.kill('SIGKILL');
            resolve({ exited: false, lines, stderr });
          }, graceMs);
        }
      }
    });
    child.on('exit', (code) => {
      clearTimeout(overall);
      clearTimeout(timer);
      resolve({ exited: true, code, lines, stderr });
    });
  });
}

test('after close() the process has no pending timers: a beating child exits by itself', async () => {
  const service = uniqueName('child-close');
  const run = await runChild([server.address, service, 'close'], 'closed', 5000);
  assert.equal(run.exited, true, `child still running 5 s after close(); stderr: ${run.stderr}`);
  assert.equal(run.code, 0, run.stderr);
  const closed = run.lines.find((l) => l.what === 'closed');
  assert.ok(closed.beats >= 1);
  assert.equal(closed.beating, 0);
});

test('control: without close() the same child keeps beating and does not exit', async () => {
  // Shows the test above can fail: live beat timers do hold the process open.
  const service = uniqueName('child-open');
  const run = await runChild([server.address, service, 'no-close'], 'still-open', 2500);
  assert.equal(run.exited, false, 'a client with live heartbeats should keep Node running');
  assert.equal(run.lines.find((l) => l.what === 'still-open').beating, 1);
});

test('close() ends a request in flight (CLOSED) and its timeout timer: the child exits at once', async () => {
  const hung = await silentServer();
  try {
    const run = await runChild([hung.address, uniqueName('in-flight'), 'close-in-flight'], 'rejected', 5000);
    assert.equal(run.exited, true, `child still running after close(); stderr: ${run.stderr}`);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.lines.at(-1), { what: 'rejected', code: 'CLOSED', errCode: -401, name: 'NacosError' });
  } finally {
    await hung.close();
  }
});

test('after close() every call rejects with CLOSED; close() again is fine', async () => {
  const client = new NacosNamingClient({ serverList: server.address });
  const service = uniqueName('closed-calls');
  await client.registerInstance(service, { ip: '127.0.0.52', port: 27002 });
  await client.close();
  const instance = { ip: '127.0.0.52', port: 27003 };
  for (const [what, call] of [
    ['registerInstance', () => client.registerInstance(service, instance)],
    ['deregisterInstance', () => client.deregisterInstance(service, instance)],
    ['updateInstance', () => client.updateInstance(service, instance)],
    ['sendBeats', () => client.sendBeats()],
  ]) {
    const error = await rejection(call());
    assert.ok(error instanceof Error, what);
    assert.equal(error.name, 'NacosError', what);
    assert.equal(error.code, 'CLOSED', `${what}: ${error.code} ${error.message}`);
    assert.equal(error.errCode, -401, what);
  }
  await client.close();
  assert.deepEqual(client.beatingInstances(), []);
  // Nothing was sent for the rejected register.
  assert.equal(await server.findInstance(service, '127.0.0.52', 27003), undefined);
});

test('close({ deregister: true }) removes every instance from the server at once', async () => {
  const client = new NacosNamingClient({ serverList: server.address });
  const service = uniqueName('close-dereg');
  await client.registerInstance(service, { ip: '127.0.0.53', port: 27004 });
  await client.registerInstance(service, { ip: '127.0.0.53', port: 27005, clusterName: 'c2' });
  await client.registerInstance(service, { ip: '127.0.0.53', port: 27006, ephemeral: false });
  await client.registerInstance(`GRP-x@@${service}`, { ip: '127.0.0.53', port: 27007 });
  assert.equal((await server.listInstances(service)).length, 3);
  await client.close({ deregister: true });
  // Immediately: the server's own timeouts (15 s and more here) cannot have removed them.
  assert.deepEqual(await server.listInstances(service), []);
  assert.deepEqual(await server.listInstances(service, { groupName: 'GRP-x' }), []);
});

test('control: plain close() leaves the instances registered (until the server times them out)', async () => {
  const client = new NacosNamingClient({ serverList: server.address });
  const service = uniqueName('close-keep');
  await client.registerInstance(service, { ip: '127.0.0.54', port: 27008 });
  await client.close();
  assert.equal((await server.listInstances(service)).length, 1);
});
