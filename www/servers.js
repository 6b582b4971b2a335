// The Servers card: each configured server, up or down as the client saw it, and which one answered last.
import { h, ago } from './dom.js';
import { serverKey } from './config.js';

/** Counts beats per server from events, for the card's "answered" facts. */
export function createServerStats(servers) {
  const byKey = new Map(servers.map((server) => [serverKey(server.entry), { beats: 0, lastAt: null }]));
  return {
    lastAnswered: null,
    /** The configured server an event names, or undefined. */
    find: (server) => servers.find((s) => serverKey(s.entry) === serverKey(server)),
    record(event) {
      if ((event.type !== 'beat' && event.type !== 'reregister') || !event.server) return;
      const stats = byKey.get(serverKey(event.server));
      if (!stats) return;
      stats.beats += event.type === 'beat' ? 1 : 0;
      stats.lastAt = event.at;
      this.lastAnswered = serverKey(event.server);
    },
    of: (server) => byKey.get(serverKey(server.entry)),
  };
}

/** Redraws the list from client.serverStates() (no request is sent for it). */
export function renderServers(root, servers, states, stats, now) {
  const stateOf = new Map(states.map((state) => [serverKey(state.server), state]));
  root.replaceChildren(...servers.map((server) => {
    const state = stateOf.get(serverKey(server.entry)) ?? { up: true, failures: 0, lastError: null };
    const seen = stats.of(server);
    const answering = stats.lastAnswered === serverKey(server.entry);
    return h('li', {
      class: 'server', style: `--server-color: ${server.color}`,
      'data-index': server.index, 'data-up': String(state.up), 'data-beats': seen.beats,
      'data-failures': state.failures, 'data-answering': String(answering),
    },
    h('div', { class: 'head' },
      h('span', { class: 'name', title: server.entry }, `${server.label} `, h('small', {}, server.detail)),
      answering && h('span', { class: 'pill answering', title: 'answered the latest heartbeat' }, 'answering'),
      h('span', { class: `pill ${state.up ? 'up' : 'down'}` }, state.up ? 'up' : 'down')),
    h('div', { class: 'facts' },
      `${seen.beats} beat${seen.beats === 1 ? '' : 's'} answered`,
      seen.lastAt ? ` · last ${ago(now - seen.lastAt)} ago` : '',
      ` · ${state.failures} failure${state.failures === 1 ? '' : 's'}`),
    state.lastError && h('div', { class: 'error', title: state.lastError },
      `${state.up ? 'last failure' : 'failing'}: ${state.lastError}`));
  }));
}
