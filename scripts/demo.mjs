// `make demo`: a local r-nacos on 127.0.0.1 and two instances whose heartbeats print as they happen.
import { startRnacos } from '../tests/js/harness/rnacos.mjs';
import { NacosNamingClient } from '../pkg/node/index.mjs';

const httpPort = Number(process.env.NACOS_PORT || 8848);
// DEMO_SECONDS ends the demo by itself (used to check it non-interactively); else it runs until Ctrl-C.
const seconds = Number(process.env.DEMO_SECONDS || 0);
const service = 'demo-orders';
const time = (at) => new Date(at).toISOString().slice(11, 23);

const server = await startRnacos({ label: 'demo', httpPort });
console.log(`r-nacos listening on http://127.0.0.1:${httpPort} (console http://127.0.0.1:${server.consolePort})`);

const client = new NacosNamingClient({
  serverList: server.address,
  onEvent(event) {
    const who = event.port ? `${event.serviceName} ${event.ip}:${event.port}` : event.serviceName ?? event.server;
    const detail = event.type === 'beat' ? `${event.latencyMs} ms, next in ${event.nextBeatInMs} ms${event.lightBeat ? ', light' : ''}`
      : event.error ? (event.error.message ?? event.error) : event.reason ?? '';
    console.log(`${time(event.at)}  ${event.type.padEnd(15)} ${who}  ${detail}`);
  },
});

const instances = [
  { ip: '127.0.0.1', port: 18080, weight: 2, metadata: { version: '1.0', zone: 'a' } },
  { ip: '127.0.0.1', port: 18081, weight: 1, metadata: { version: '1.1', zone: 'b' } },
];
for (const instance of instances) await client.registerInstance(service, instance);
await client.subscribe(service, (hosts) => {
  const rows = hosts.map((h) => `${h.ip}:${h.port} weight ${h.weight} ${h.healthy ? 'healthy' : 'UNHEALTHY'}`);
  console.log(`${time(Date.now())}  ${service} now has ${hosts.length} instance(s): ${rows.join('; ')}`);
});
console.log('Registered two instances; each beat prints below. Ctrl-C deregisters them and stops r-nacos.');

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  console.log('\nDeregistering and stopping...');
  await client.close({ deregister: true }).catch((error) => console.error(error.message));
  await server.stop();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
if (seconds > 0) setTimeout(stop, seconds * 1000);
