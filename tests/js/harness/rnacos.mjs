// Runs a real r-nacos server for a test file: 127.0.0.1 only, random free ports, a temp data dir, stopped in after().
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePorts, sleep } from './util.mjs';

/** The rnacos binary: $RNACOS_BIN, else on PATH, else where `cargo install` puts it. */
export function rnacosBinary() {
  if (process.env.RNACOS_BIN) return process.env.RNACOS_BIN;
  try {
    const found = execFileSync('sh', ['-c', 'command -v rnacos'], { encoding: 'utf8' }).trim();
    if (found) return found;
  } catch {
    // not on PATH; fall through
  }
  const cargoBin = path.join(os.homedir(), '.cargo', 'bin', 'rnacos');
  if (fs.existsSync(cargoBin)) return cargoBin;
  throw new Error('rnacos not found: run `make setup` (cargo install rnacos) or set RNACOS_BIN');
}

// Servers still running, killed synchronously if the test process exits without calling stop().
const running = new Set();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Starts r-nacos and resolves once its naming API answers. `env` adds or overrides server settings,
 * e.g. { RNACOS_NAMING_HEALTH_TIMEOUT_SECOND: '5' }. `ownProcessGroup` keeps Ctrl-C away from the
 * server (the demo's, which stops it itself). `httpPort` fixes the HTTP port (the demo's
 * NACOS_PORT); the others are always free ones. Retries with new ports if a port was taken
 * between choosing and binding it, or if r-nacos hit its start-up panic (more likely when several
 * start at once on a busy machine, so up to five tries, a moment apart).
 */
export async function startRnacos({ env = {}, label = 'rnacos', httpPort, ownProcessGroup = false } = {}) {
  let lastError;
  for (let attempt = 1; attempt <= 5; attempt++) {
    try {
      return await startOnce(env, label, httpPort, ownProcessGroup);
    } catch (error) {
      lastError = error;
      if (!error.exitedEarly) throw error;
      await sleep(200 + Math.random() * 300);
    }
  }
  throw lastError;
}

async function startOnce(extraEnv, label, fixedHttpPort, ownProcessGroup) {
  const [randomHttpPort, grpcPort, consolePort] = await freePorts(3);
  const httpPort = fixedHttpPort ?? randomHttpPort;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nacos-wasm-rnacos-'));
  const logDir = process.env.NACOS_JS_LOG_DIR || dir;
  fs.mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${label}-${httpPort}.log`);
  const settings = {
    // Every listener on loopback: nothing the tests start is reachable from outside.
    RNACOS_SDK_HOST: '127.0.0.1',
    RNACOS_CONSOLE_HOST: '127.0.0.1',
    RNACOS_HTTP_PORT: String(httpPort),
    RNACOS_GRPC_PORT: String(grpcPort),
    RNACOS_HTTP_CONSOLE_PORT: String(consolePort),
    // Raft talks to itself on the gRPC port; the default would also be this, but say it explicitly.
    RNACOS_RAFT_NODE_ADDR: `127.0.0.1:${grpcPort}`,
    RNACOS_DATA_DIR: path.join(dir, 'data'),
    RNACOS_HTTP_WORKERS: '2',
    // r-nacos TCP-probes persistent instances' ip:port; 0 turns that off, so no probe leaves loopback.
    RNACOS_NAMING_PERPETUAL_INSTANCE_PROBE_INTERVAL_SECOND: '0',
    RUST_LOG: process.env.RNACOS_LOG || 'info',
    ...Object.fromEntries(Object.entries(extraEnv).map(([k, v]) => [k, String(v)])),
  };
  // rnacos reads `.env` from its working directory unless given -e; point it at our own file, and
  // drop any RNACOS_* the caller's environment has, so only these settings apply.
  const envFile = path.join(dir, 'rnacos.env');
  fs.writeFileSync(envFile, Object.entries(settings).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
  const childEnv = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('RNACOS_') && k !== 'RUST_LOG'),
  );
  Object.assign(childEnv, settings);

  const log = fs.openSync(logFile, 'a');
  // The log is appended to (a fixed port reuses its file on a retry): only this start's part counts.
  const logStart = fs.fstatSync(log).size;
  const child = spawn(rnacosBinary(), ['-e', envFile], {
    cwd: dir,
    env: childEnv,
    stdio: ['ignore', log, log],
    // Out of the terminal's process group, so Ctrl-C reaches only the demo, which deregisters
    // before it stops the servers. Tests leave it off: a killed test run takes its servers along.
    detached: ownProcessGroup,
  });
  fs.closeSync(log);
  running.add(child);
  let exit = null;
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      running.delete(child);
      resolve();
    });
  });
  child.once('error', (error) => {
    exit = { error };
  });

  const baseUrl = `http://127.0.0.1:${httpPort}`;
  const authOn = settings.RNACOS_ENABLE_OPEN_API_AUTH === 'true';
  // The harness's reads carry a token of their own when auth is on, renewed at half its ttl.
  let readToken = null;
  const readHeaders = async () => {
    if (!authOn) return {};
    if (!readToken || Date.now() > readToken.renewAt) {
      const reply = await login(baseUrl, server.credentials);
      readToken = { value: reply.accessToken, renewAt: Date.now() + (reply.tokenTtl * 1000) / 2 };
    }
    return { accessToken: readToken.value };
  };
  const server = {
    /** The process id, for a person who wants to stop this server by hand (the demo prints it). */
    pid: child.pid,
    httpPort,
    grpcPort,
    consolePort,
    /** The entry to put in a client's serverList. */
    address: `127.0.0.1:${httpPort}`,
    baseUrl,
    dir,
    logFile,
    settings,
    logTail: (bytes = 4000) => {
      try {
        const text = fs.readFileSync(logFile, 'utf8');
        return text.slice(-bytes);
      } catch {
        return '';
      }
    },
    logSince: (offset) => {
      try {
        return fs.readFileSync(logFile).subarray(offset).toString('utf8');
      } catch {
        return '';
      }
    },
    /** With RNACOS_ENABLE_OPEN_API_AUTH=true: the user the harness's own reads log in as. */
    credentials: authOn ? { username: settings.RNACOS_INIT_ADMIN_USERNAME || 'admin', password: settings.RNACOS_INIT_ADMIN_PASSWORD || 'admin' } : null,
    listInstances: async (serviceName, options) =>
      listInstances(baseUrl, serviceName, { ...options, headers: await readHeaders() }),
    findInstance: async (serviceName, ip, port, options) =>
      (await server.listInstances(serviceName, options)).find((h) => h.ip === ip && h.port === port),
    getInstance: async (serviceName, ip, port, options) =>
      getInstance(baseUrl, serviceName, ip, port, { ...options, headers: await readHeaders() }),
    async stop() {
      if (!exit) {
        child.kill('SIGTERM');
        // Unref'd: a pending 5 s timer would otherwise hold the test process open after the server quits.
        const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
        kill.unref();
        await exited;
        clearTimeout(kill);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };

  // Ready when the naming API answers; an early exit (usually a port taken meanwhile) is retried.
  const deadline = Date.now() + 30000;
  for (;;) {
    if (exit) {
      const error = new Error(
        `rnacos exited during start (${JSON.stringify(exit)}); log:\n${server.logTail()}`,
      );
      // A server that ran and quit is worth another try with new ports; a binary that failed to spawn is not.
      error.exitedEarly = !exit.error;
      fs.rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    // r-nacos 0.8.8 now and then panics in a raft thread while starting (raftapply.rs unwrap) and
    // keeps serving half-initialised (with auth on, no user can ever log in): start it again.
    if (server.logSince(logStart).includes('panicked at')) {
      await server.stop();
      const error = new Error(`rnacos panicked while starting; log:\n${server.logTail()}`);
      error.exitedEarly = true;
      throw error;
    }
    try {
      const res = await fetch(
        `${baseUrl}/nacos/v1/ns/instance/list?serviceName=readiness-probe&healthyOnly=false`,
        { signal: AbortSignal.timeout(2000) },
      );
      await res.text();
      // With auth on, a 403 is the answer of a running server; its admin user appears about a
      // second later, so wait for a login to work too.
      if (res.status === 200) return server;
      if (res.status === 403 && authOn && (await login(baseUrl, server.credentials).then(() => true, () => false))) {
        return server;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`rnacos did not answer within 30 s; log:\n${server.logTail()}`);
    }
    await sleep(100);
  }
}

/**
 * The instances r-nacos lists for a service, read straight from its Open API (not through the
 * client under test). r-nacos defaults healthyOnly to true, so ask for every instance.
 */
export async function listInstances(
  baseUrl,
  serviceName,
  { groupName = 'DEFAULT_GROUP', healthyOnly = false, namespaceId, headers = {} } = {},
) {
  const query = new URLSearchParams({ serviceName, groupName, healthyOnly: String(healthyOnly) });
  if (namespaceId) query.set('namespaceId', namespaceId);
  const res = await fetchFresh(`${baseUrl}/nacos/v1/ns/instance/list?${query}`, headers);
  const body = await res.text();
  if (res.status !== 200) throw new Error(`instance list answered ${res.status}: ${body}`);
  return JSON.parse(body).hosts ?? [];
}

/**
 * fetch for the tests' own reads, retried (at most twice) when the server closed a kept-alive
 * connection just as it was reused: undici then fails with "other side closed" though nothing is wrong.
 */
async function fetchFresh(url, headers = {}) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, { headers, signal: AbortSignal.timeout(5000) });
    } catch (error) {
      if (attempt >= 3 || error?.cause?.code !== 'UND_ERR_SOCKET') throw error;
    }
  }
}

/**
 * One instance by ip and port (GET /nacos/v1/ns/instance), or undefined. The list hides disabled
 * instances on r-nacos, this does not.
 */
export async function getInstance(
  baseUrl,
  serviceName,
  ip,
  port,
  { groupName = 'DEFAULT_GROUP', headers = {} } = {},
) {
  const query = new URLSearchParams({ serviceName, groupName, ip, port: String(port) });
  const res = await fetchFresh(`${baseUrl}/nacos/v1/ns/instance?${query}`, headers);
  const body = await res.text();
  if (res.status !== 200) return undefined;
  return JSON.parse(body);
}

/** Logs in through the Open API (password in the form body) and returns `{ accessToken, tokenTtl }`. */
export async function login(baseUrl, { username, password }) {
  const res = await fetch(`${baseUrl}/nacos/v1/auth/users/login`, {
    method: 'POST',
    body: new URLSearchParams({ username, password }),
    signal: AbortSignal.timeout(5000),
  });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`login as ${username} answered ${res.status}: ${body}`);
  return JSON.parse(body);
}
