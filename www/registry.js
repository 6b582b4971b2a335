// The Services card: every service the servers list (getServicesOfServer), each kept live by a
// subscription (the client polls it), with its instances: health, weight, cluster, metadata, owner.
import { h } from './dom.js';

const PAGE_SIZE = 100;

/**
 * `ownKey(serviceName, ip, port)` names an instance this page registered (or undefined);
 * `onDeregister(key)` is called by its button; `note(text, kind)` writes to the event log.
 */
export function createRegistry({ root, status, client, group, ownKey, onDeregister, note }) {
  const services = new Map(); // name -> { hosts, listener }
  let reachable = true;
  let refreshing = false;

  root.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-deregister]');
    if (button) {
      button.disabled = true;
      onDeregister(button.dataset.deregister);
    }
  });

  async function refresh() {
    // A slow server must not stack refreshes up behind it.
    if (refreshing) return;
    refreshing = true;
    try {
      await refreshOnce();
    } finally {
      refreshing = false;
    }
  }

  async function refreshOnce() {
    let names;
    try {
      names = (await client.getServicesOfServer(1, PAGE_SIZE, group)).data;
      if (!reachable) note('the service list answers again');
      reachable = true;
    } catch (error) {
      // Subscribed services keep answering from the client's cache; say so rather than clear the table.
      if (reachable) note(`service list failed: ${error.code} ${error.message}`, 'error');
      reachable = false;
      render();
      return;
    }
    for (const name of names) if (!services.has(name)) watch(name);
    for (const [name, service] of services) {
      if (names.includes(name)) continue;
      client.unSubscribe({ serviceName: name, groupName: group }, service.listener);
      services.delete(name);
    }
    render();
  }

  function watch(name) {
    const service = { hosts: [], listener: (hosts) => { service.hosts = hosts; render(); } };
    services.set(name, service);
    client.subscribe({ serviceName: name, groupName: group }, service.listener)
      .catch((error) => note(`subscribe ${name} failed: ${error.code} ${error.message}`, 'error'));
  }

  function render() {
    status.textContent = `${group} · ${services.size} service${services.size === 1 ? '' : 's'}${reachable ? '' : ' · servers unreachable, showing the last lists'}`;
    if (!services.size) {
      root.replaceChildren(h('p', { class: 'empty' }, reachable ? 'No services yet.' : 'No server answers.'));
      return;
    }
    const names = [...services.keys()].sort();
    root.replaceChildren(...names.map((name) => serviceBlock(name, services.get(name).hosts)));
  }

  function serviceBlock(name, hosts) {
    const healthy = hosts.filter((host) => host.healthy).length;
    return h('div', { class: 'service', 'data-service': name },
      h('h3', {}, name, h('small', {}, `${hosts.length} instance${hosts.length === 1 ? '' : 's'}, ${healthy} healthy`)),
      hosts.length === 0 ? h('p', { class: 'empty' }, 'No instances.') : h('div', { class: 'table-wrap' },
        h('table', {},
          // Fixed column widths, so the tables of all services line up.
          h('colgroup', {}, ['instance', 'cluster', 'weight', 'health', 'metadata', 'owner', 'action'].map((c) => h('col', { class: `c-${c}` }))),
          h('thead', {}, h('tr', {}, ['Instance', 'Cluster', 'Weight', 'Health', 'Metadata', 'Registered by', ''].map((t) => h('th', {}, t)))),
          h('tbody', {}, [...hosts].sort(byAddress).map((host) => row(name, host))))));
  }

  function row(name, host) {
    const key = ownKey(name, host.ip, host.port);
    const metadata = Object.entries(host.metadata ?? {}).sort(([a], [b]) => a.localeCompare(b));
    return h('tr', { class: host.healthy ? 'healthy' : 'unhealthy', 'data-instance': `${host.ip}:${host.port}`, 'data-own': String(Boolean(key)) },
      h('td', { 'data-label': 'Instance' }, h('code', {}, `${host.ip}:${host.port}`)),
      h('td', { 'data-label': 'Cluster' }, host.clusterName),
      h('td', { class: 'num', 'data-label': 'Weight' }, host.weight),
      h('td', { 'data-label': 'Health' }, h('span', { class: `pill ${host.healthy ? 'up' : 'unhealthy'}` }, host.healthy ? 'healthy' : 'unhealthy'),
        host.enabled ? '' : h('span', { class: 'pill other' }, 'disabled')),
      h('td', { 'data-label': 'Metadata' }, h('div', { class: 'chips' }, metadata.map(([k, v]) => h('span', { class: 'chip', title: `${k}=${v}` }, `${k}=${v}`)))),
      h('td', { 'data-label': 'Registered by' }, h('span', { class: `pill ${key ? 'own' : 'other'}` }, key ? 'this page' : 'another client')),
      h('td', { 'data-label': '' }, key && h('button', { type: 'button', class: 'secondary', 'data-deregister': key }, 'Deregister')));
  }

  return { refresh, render };
}

const byAddress = (a, b) => a.ip.localeCompare(b.ip) || a.port - b.port;
