// Kills an r-nacos started by rnacos.mjs without losing its data dir, and starts it again as the same
// node (same ports, settings and data): a cluster member that crashed and came back.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { rnacosBinary } from './rnacos.mjs';
import { waitFor } from './util.mjs';

/** SIGKILL, as a crash: the server's dir stays for restartRnacos(); its own stop() still cleans up. */
export async function killRnacos(server) {
  try {
    process.kill(server.pid, 'SIGKILL');
  } catch {
    // already gone
  }
  await waitFor(`r-nacos ${server.address} to stop answering`, () =>
    fetch(`${server.baseUrl}/nacos/v1/ns/operator/metrics`, { signal: AbortSignal.timeout(1000) })
      .then(() => false, () => true));
}

/**
 * Starts the killed `server` again from its env file and data dir. Resolves once it answers, to
 * `{ pid, stop() }`; stop() it before the original server's stop(), which removes the dir.
 */
export async function restartRnacos(server) {
  const log = fs.openSync(server.logFile, 'a');
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('RNACOS_')));
  const child = spawn(rnacosBinary(), ['-e', path.join(server.dir, 'rnacos.env')], {
    cwd: server.dir,
    env: { ...env, ...server.settings },
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const kill = () => child.kill('SIGKILL');
  process.on('exit', kill);
  await waitFor(`r-nacos ${server.address} to answer after its restart`, () =>
    fetch(`${server.baseUrl}/nacos/v1/ns/instance/list?serviceName=readiness-probe&healthyOnly=false`, {
      signal: AbortSignal.timeout(2000),
    }).then((res) => res.text().then(() => res.status === 200), () => false), { timeoutMs: 30000 });
  return {
    pid: child.pid,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const hard = setTimeout(kill, 5000);
        hard.unref();
        await exited;
        clearTimeout(hard);
      }
      process.off('exit', kill);
    },
  };
}
