// `make demo`: local r-nacos servers on 127.0.0.1, the browser dashboard in front of them, and a Node
// client registering two instances the dashboard shows as "another client". Ctrl-C stops it all.
import { startCluster } from '../tests/js/harness/rnacos-cluster.mjs';
import { NacosNamingClient } from '../pkg/entries/node.mjs';
import { startDashboardServer } from './dashboard-server.mjs';

const httpPort = Number(process.env.NACOS_PORT || 8848);
const demoPort = Number(process.env.DEMO_PORT || 8080);
// DEMO_SERVERS (1 to 3, default 2): a cluster of this many servers, so failover can be watched.
const serverCount = Math.min(3, Math.max(1, Number(process.env.DEMO_SERVERS || 2)));
// DEMO_SECONDS ends the demo by itself (used to check it non-interactively); else it runs until Ctrl-C.
const seconds = Number(process.env.DEMO_SECONDS || 0);
const service = 'demo-orders';
const time = (at) => new Date(at).toISOString().slice(11, 23);

const started = [];
let web;
let client;
let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log('\nDeregistering and stopping...');
  await client?.close({ deregister: true }).catch((error) => console.error(error.message));
  await web?.close();
  await Promise.all(started.map((server) => server.stop()));
  process.exit(code);
}
process.on('SIGINT', () => stop());
process.on('SIGTERM', () => stop());

try {
  // One cluster (node 1 on NACOS_PORT), so every server lists every instance.
  console.log(`Starting ${serverCount} r-nacos server${serverCount > 1 ? 's as a cluster (up to a minute)' : ''}...`);
  started.push(...(await startCluster(serverCount, { label: 'demo', httpPort, ownProcessGroup: true })));
  web = await startDashboardServer({ upstreams: started.map((server) => server.baseUrl), port: demoPort });
} catch (error) {
  console.error(`demo: ${error.message}`);
  await stop(1);
}

started.forEach((server, i) => {
  console.log(`r-nacos ${i + 1} on ${server.baseUrl} (console http://127.0.0.1:${server.consolePort}, pid ${server.pid ?? '?'})`);
});

client = new NacosNamingClient({
  serverList: started.map((server) => server.address),
  onEvent(event) {
    // Beats print on the dashboard; here only what is worth a line in a terminal.
    if (event.type === 'beat') return;
    const who = event.port ? `${event.serviceName} ${event.ip}:${event.port}` : event.serviceName ?? event.server;
    const detail = event.error ? (event.error.message ?? event.error) : event.reason ?? '';
    console.log(`${time(event.at)}  ${event.type.padEnd(15)} ${who}  ${detail}`);
  },
});
for (const instance of [
  { ip: '127.0.0.1', port: 18080, weight: 2, metadata: { version: '1.0', zone: 'a' } },
  { ip: '127.0.0.1', port: 18081, weight: 1, metadata: { version: '1.1', zone: 'b' } },
]) {
  await client.registerInstance(service, instance);
}

console.log(`\nDashboard: ${web.url}/\n`);
console.log(`A Node client registered two ${service} instances; the page shows them beside its own.`);
if (started.length > 1) {
  console.log(`To watch failover, stop a server: kill ${started.at(-1).pid ?? '<pid>'} (the dashboard shows it down).`);
}
console.log(seconds > 0 ? `Stopping by itself in ${seconds} s.` : 'Ctrl-C deregisters, stops the servers and the dashboard.');
if (seconds > 0) setTimeout(() => stop(), seconds * 1000);
