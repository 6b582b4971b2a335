// The Events card: every client event (onEvent) and the page's own actions, newest first.
import { h, clock } from './dom.js';

const KEEP = 300;

/** `labelOf(server)` turns a server string into its short label. */
export function createLog(root, showBeats, labelOf) {
  showBeats.addEventListener('change', () => root.classList.toggle('hide-beats', !showBeats.checked));

  function add(type, at, text) {
    root.prepend(h('li', { class: type },
      h('time', {}, clock(at)), h('span', { class: 'type' }, type), h('span', { class: 'text' }, text)));
    while (root.childElementCount > KEEP) root.lastElementChild.remove();
  }

  return {
    /** A NacosEvent from the client. */
    event(event) {
      add(event.type, event.at, describe(event, labelOf));
    },
    /** Something the page did: `kind` is 'local' or 'error'. */
    note(text, kind = 'local') {
      add(kind, Date.now(), text);
    },
  };
}

function describe(e, labelOf) {
  const who = e.port !== undefined ? `${e.serviceName} ${e.ip}:${e.port}` : e.serviceName;
  const secs = (ms) => `${(ms / 1000).toFixed(ms < 10000 ? 1 : 0)} s`;
  switch (e.type) {
    case 'beat':
      return `${who} via ${labelOf(e.server)}: ${e.latencyMs} ms${e.lightBeat ? ', light' : ''}, next in ${secs(e.nextBeatInMs)}`;
    case 'beat-failed':
      return `${who}: ${e.error?.code} ${e.error?.message ?? ''}; next try in ${secs(e.nextBeatInMs)}`;
    case 'reregister':
      return `${who} registered again via ${labelOf(e.server)} (${e.reason})`;
    case 'server-down':
      return `${labelOf(e.server)}: ${e.error}`;
    case 'server-up':
      return `${labelOf(e.server)} answers again`;
    case 'service-changed':
      return `${who}: ${e.instanceCount} instance${e.instanceCount === 1 ? '' : 's'}`;
    case 'poll-failed':
      return `${who}: ${e.error?.code}${e.servingCache ? ', answering from cache' : ''}; next poll in ${secs(e.nextPollInMs)}`;
    default:
      return JSON.stringify(e);
  }
}
