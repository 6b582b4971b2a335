// Failover between servers: a dead server costs one failure per cool-down; all down gives Java's error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { NacosNamingClient } from './harness/pkg.mjs';
import { startRnacos } from './harness/rnacos.mjs';
import { countingServer, droppingServer, freePorts, rejection, uniqueName } from './harness/util.mjs';

let server;

before(async () => {
  server = await startRnacos({ label: 'failover' });
});

after(async () => {
  await server?.stop();
});

// The client starts each request at a random server, so the dead one is hit on the first request with
// probability 1/2; registering until it has been hit (at most this often) makes that all but certain.
const MAX_TRIES_UNTIL_HIT = 40;

/** Registers instances until `deadAddress` has been tried once; returns how many were registered. */
async function registerUntilTried(client, service, deadAddress) {
  for (let i = 0; i < MAX_TRIES_UNTIL_HIT; i++) {
    await client.registerInstance(service, { ip: '127.0.0.31', port: 20000 + i });
    const dead = client.serverStates().find((s) => s.server === deadAddress);
    if (!dead.up) return i + 1;
  }
  assert.fail(`the dead server was never tried in ${MAX_TRIES_UNTIL_HIT} registrations`);
}

test('a refusing server first in the list: registration succeeds, the server is marked down once', async () => {
  const [deadPort] = await freePorts(1);
  const dead = `127.0.0.1:${deadPort}`;
  const events = [];
  const client = new NacosNamingClient({
    serverList: [dead, server.address],
    serverCooldownMs: 60000,
    autoBeat: false,
    onEvent: (e) => events.push(e),
  });
  try {
    const registered = await registerUntilTried(client, uniqueName('dead-first'), dead);
    // Then many more within the cool-down: the dead server must not be tried again.
    const service = uniqueName('dead-first-more');
    for (let i = 0; i < 12; i++) {
      await client.registerInstance(service, { ip: '127.0.0.32', port: 21000 + i });
    }
    assert.equal((await server.listInstances(service)).length, 12);
    assert.ok(registered >= 1);

    const [deadState, liveState] = client.serverStates();
    assert.equal(deadState.server, dead);
    assert.equal(deadState.up, false);
    assert.equal(deadState.failures, 1, 'tried again during its cool-down');
    assert.equal(typeof deadState.lastError, 'string');
    assert.ok(deadState.lastError.length > 0);
    assert.deepEqual(liveState, { server: server.address, up: true, failures: 0, lastError: null });

    const downs = events.filter((e) => e.type === 'server-down');
    assert.equal(downs.length, 1, JSON.stringify(downs));
    assert.equal(downs[0].server, dead);
    assert.equal(typeof downs[0].error, 'string');
    assert.equal(typeof downs[0].at, 'number');
    assert.equal(events.filter((e) => e.type === 'server-up').length, 0);
  } finally {
    await client.close();
  }
});

test('a dead server is contacted once per cool-down, counted from its side', async () => {
  // Accepts and drops every connection: each attempt is visible as one connection.
  const dead = await droppingServer();
  const client = new NacosNamingClient({
    serverList: `${dead.address},${server.address}`,
    serverCooldownMs: 60000,
    autoBeat: false,
  });
  try {
    await registerUntilTried(client, uniqueName('dropping'), dead.address);
    const service = uniqueName('dropping-more');
    for (let i = 0; i < 12; i++) {
      await client.registerInstance(service, { ip: '127.0.0.33', port: 22000 + i });
    }
    assert.equal(dead.connections, 1);
    assert.equal(client.serverStates()[0].failures, 1);
  } finally {
    await client.close();
    await dead.close();
  }
});

test('every server down: a NacosError naming the API and all servers, errCode 500', async () => {
  const [p1, p2] = await freePorts(2);
  const servers = [`127.0.0.1:${p1}`, `127.0.0.1:${p2}`];
  const client = new NacosNamingClient({ serverList: servers, autoBeat: false });
  try {
    const error = await rejection(
      client.registerInstance(uniqueName('all-down'), { ip: '127.0.0.34', port: 23000 }),
    );
    assert.ok(error instanceof Error, 'a real Error');
    assert.equal(error.name, 'NacosError');
    assert.equal(error.code, 'NETWORK_ERROR');
    assert.equal(error.errCode, 500);
    assert.equal(error.api, '/nacos/v1/ns/instance');
    assert.deepEqual(error.servers, servers);
    assert.ok(servers.includes(error.server), `server ${error.server}`);
    assert.equal(error.status, undefined, 'no server answered');
    const prefix = `failed to req API:/nacos/v1/ns/instance after all servers([${servers.join(', ')}]) tried: `;
    assert.ok(error.message.startsWith(prefix), error.message);
    // Then the last failure, with the cause Node's fetch hides in `error.cause`.
    const last = error.message.slice(prefix.length);
    assert.match(last, /ECONNREFUSED/);
    assert.ok(last.includes(error.server), last);
    assert.ok(typeof error.stack === 'string' && error.stack.includes('NacosError'));
    assert.ok(client.serverStates().every((s) => !s.up && s.failures === 1));
  } finally {
    await client.close();
  }
});

test('a single server is tried maxRetry times before the call fails', async () => {
  const dead = await droppingServer();
  const client = new NacosNamingClient({ serverList: dead.address, maxRetry: 3, autoBeat: false });
  try {
    const error = await rejection(
      client.deregisterInstance(uniqueName('retry'), { ip: '127.0.0.35', port: 24000 }),
    );
    assert.equal(error.name, 'NacosError');
    assert.equal(error.code, 'NETWORK_ERROR');
    assert.equal(error.errCode, 500);
    assert.deepEqual(error.servers, [dead.address]);
    assert.ok(
      error.message.startsWith(`failed to req API:/nacos/v1/ns/instance after all servers([${dead.address}]) tried: `),
      error.message,
    );
    assert.equal(dead.connections, 3);
  } finally {
    await client.close();
    await dead.close();
  }
});

test('a server answering 5xx: SERVER_ERROR with the status and body, and it is retried', async () => {
  const failing = await countingServer({ status: 503, body: 'over threshold' });
  const client = new NacosNamingClient({ serverList: failing.address, maxRetry: 2, autoBeat: false });
  try {
    const error = await rejection(
      client.registerInstance(uniqueName('status-5xx'), { ip: '127.0.0.36', port: 25000 }),
    );
    assert.equal(error.name, 'NacosError');
    assert.equal(error.code, 'SERVER_ERROR');
    assert.equal(error.status, 503);
    assert.equal(error.errCode, 503);
    assert.ok(error.message.endsWith('over threshold'), error.message);
    assert.equal(failing.requests.length, 2);
  } finally {
    await client.close();
    await failing.close();
  }
});

test('a real r-nacos answering 404 (wrong context path): NOT_FOUND with status 404', async () => {
  // A full URL entry keeps its path, so requests go to /wrong/nacos/v1/..., which r-nacos does not serve.
  const client = new NacosNamingClient({
    serverList: `http://${server.address}/wrong`,
    maxRetry: 1,
    autoBeat: false,
  });
  try {
    const error = await rejection(
      client.registerInstance(uniqueName('status-404'), { ip: '127.0.0.37', port: 25001 }),
    );
    assert.equal(error.name, 'NacosError');
    assert.equal(error.code, 'NOT_FOUND');
    assert.equal(error.status, 404);
    assert.equal(error.errCode, 404);
  } finally {
    await client.close();
  }
});
