// The dashboard page: one NacosNamingClient running in the browser, wired to the cards of index.html.
import { NacosNamingClient } from 'nacos-wasm';
import { loadServers, serverKey } from './config.js';
import { createServerStats, renderServers } from './servers.js';
import { createTimeline } from './timeline.js';
import { createRegistry } from './registry.js';
import { createLog } from './log.js';
import { setupForm } from './form.js';

const GROUP = 'DEFAULT_GROUP';
const $ = (id) => document.getElementById(id);

const servers = await loadServers();
const stats = createServerStats(servers);
const labelOf = (server) => stats.find(server)?.label ?? server ?? '?';
const log = createLog($('log'), $('show-beats'), labelOf);
const timeline = createTimeline($('timeline'), $('legend'), servers);
/** Instances this page registered, by `service#ip#port`. */
const own = new Map();
const keyOf = (serviceName, ip, port) => `${serviceName}#${ip}#${port}`;

const client = new NacosNamingClient({
  serverList: servers.map((server) => server.entry),
  // Poll subscriptions often, so the table follows changes within seconds (r-nacos says 10 s).
  pollIntervalMs: 2000,
  // Come back soon: a dashboard should show a server's recovery promptly (the default is 10 s).
  serverCooldownMs: 5000,
  onEvent(event) {
    stats.record(event);
    log.event(event);
    const entry = event.port !== undefined && own.get(keyOf(event.serviceName, event.ip, event.port));
    if (entry && ['beat', 'beat-failed', 'reregister'].includes(event.type)) {
      timeline.record(entry, event, stats.find(event.server));
    }
  },
});

const registry = createRegistry({
  root: $('registry'),
  status: $('registry-note'),
  client,
  group: GROUP,
  ownKey: (serviceName, ip, port) => (own.has(keyOf(serviceName, ip, port)) ? keyOf(serviceName, ip, port) : undefined),
  onDeregister: deregister,
  note: log.note,
});

setupForm($('register-form'), $('register-result'), async (serviceName, instance) => {
  await client.registerInstance(serviceName, instance, GROUP);
  const key = keyOf(serviceName, instance.ip, instance.port);
  // Registering the same address again replaces the instance; its history stays.
  const entry = own.get(key) ?? { key, serviceName, beats: 0, failures: 0, reregisters: 0, marks: [], last: null };
  Object.assign(entry, { instance, registeredAt: Date.now() });
  own.set(key, entry);
  log.note(`registered ${serviceName} ${instance.ip}:${instance.port}`);
  tick();
  registry.refresh();
});

async function deregister(key) {
  const entry = own.get(key);
  if (!entry) return;
  try {
    await client.deregisterInstance(entry.serviceName, entry.instance, GROUP);
    own.delete(key);
    log.note(`deregistered ${entry.serviceName} ${entry.instance.ip}:${entry.instance.port}`);
  } catch (error) {
    log.note(`deregister ${entry.serviceName} failed: ${error.code} ${error.message}`, 'error');
  }
  tick();
  registry.render();
}

/** Redraws what changes with time alone: the servers, the timeline, the header. */
function tick() {
  const now = Date.now();
  const states = client.serverStates();
  renderServers($('servers'), servers, states, stats, now);
  timeline.render([...own.values()], client.beatingInstances(), now);
  const up = states.filter((state) => state.up).length;
  $('summary').textContent = `${servers.length} server${servers.length === 1 ? '' : 's'}, ${up} up · `
    + `${own.size} instance${own.size === 1 ? '' : 's'} registered by this page · namespace public`;
}

tick();
setInterval(tick, 1000);
registry.refresh();
setInterval(() => registry.refresh(), 3000);
// Leaving the page: deregister what it registered (best effort; beats stop either way).
addEventListener('pagehide', () => client.close({ deregister: true }).catch(() => {}));
// For poking at from the devtools console.
window.dashboard = { client, servers, own, serverKey };
