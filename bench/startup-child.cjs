// One start-up sample in a fresh Node process: load a client library, construct a client, print the
// milliseconds it took as JSON, and exit. Spawned many times by bench/startup.mjs.
'use strict';
const t0 = performance.now();
const path = require('node:path');

const [mode, serverAddress] = process.argv.slice(2);
const pkg = path.resolve(__dirname, '..', 'pkg');

async function main() {
  let client;
  if (mode === 'ours-cjs') {
    // The nodejs-target glue reads and instantiates the wasm synchronously inside require().
    const { NacosNamingClient } = require(path.join(pkg, 'node', 'nacos_wasm.js'));
    client = new NacosNamingClient({ serverList: serverAddress });
  } else if (mode === 'ours-esm') {
    const { NacosNamingClient } = await import(path.join(pkg, 'entries', 'node.mjs'));
    client = new NacosNamingClient({ serverList: serverAddress });
  } else if (mode === 'naming') {
    const { NacosNamingClient } = require('nacos-naming');
    const logger = { debug() {}, info() {}, warn() {}, error() {} };
    client = new NacosNamingClient({ logger, serverList: serverAddress });
    // Its clients are usable after ready() (which binds its UDP push receiver); ours right after new.
    await client.ready();
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  const ms = performance.now() - t0;
  process.stdout.write(JSON.stringify({ ms, ok: !!client }) + '\n');
  // Neither client has sent anything; exit without waiting for nacos-naming's 10 s beat-loop timer.
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(String(error?.stack ?? error) + '\n');
  process.exit(1);
});
