// The Heartbeats card: one SVG lane per instance this page registered; each beat a bar (height: latency,
// colour: the server that answered), failures a red cross, re-registrations an amber diamond.
import { h, s, clock, ago } from './dom.js';

const PAST_MS = 120_000; // the window shown behind "now"
const FUTURE_MS = 12_000; // and ahead of it, where the next beat is due
const HEIGHT = 64;
const BASE = 46; // y of the baseline; tick labels sit under it
const PAD_LEFT = 4;
const PAD_RIGHT = 6;

/** Bar height for a latency: log scale, so 2 ms and 800 ms both read well. */
const barHeight = (ms) => Math.min(BASE - 4, 5 + 11 * Math.log10(1 + Math.max(0, ms)));

export function createTimeline(root, legend, servers) {
  legend.replaceChildren(
    ...servers.map((server) => h('span', {}, h('i', { style: `background:${server.color}` }), `beat via ${server.label}`)),
    h('span', {}, h('i', { style: 'background:var(--bad)' }), 'beat failed'),
    h('span', {}, h('i', { style: 'background:var(--warn)' }), 're-registered'),
    h('span', {}, 'bar height: latency (log scale)'),
  );

  return {
    /** Adds a beat, beat-failed or reregister event to its instance's history. */
    record(entry, event, server) {
      entry.marks.push({ type: event.type, at: event.at, event, server });
      if (event.type === 'beat') {
        entry.beats += 1;
        entry.last = { latencyMs: event.latencyMs, server };
      } else if (event.type === 'beat-failed') entry.failures += 1;
      else entry.reregisters += 1;
      // Older than the window is off the chart; the counters above keep the totals.
      const cutoff = event.at - PAST_MS - 1000;
      while (entry.marks.length && entry.marks[0].at < cutoff) entry.marks.shift();
    },

    /** Redraws every lane for `now`; `beating` is client.beatingInstances(). */
    render(entries, beating, now) {
      if (!entries.length) {
        if (!root.querySelector('.empty')) {
          root.replaceChildren(h('p', { class: 'empty' }, 'Register an instance to see its heartbeats.'));
        }
        return;
      }
      const width = Math.max(240, Math.floor(root.clientWidth || 600));
      root.replaceChildren(...entries.map((entry) => lane(entry, findBeating(beating, entry), width, now)));
    },
  };
}

function findBeating(beating, entry) {
  return beating.find((b) => b.serviceName === entry.serviceName && b.ip === entry.instance.ip && b.port === entry.instance.port);
}

function lane(entry, beating, width, now) {
  const span = PAST_MS + FUTURE_MS;
  const x = (at) => PAD_LEFT + ((at - (now - PAST_MS)) / span) * (width - PAD_LEFT - PAD_RIGHT);
  const nowX = x(now);
  const svg = s('svg', { viewBox: `0 0 ${width} ${HEIGHT}`, role: 'img', 'aria-label': `heartbeats of ${entry.key}` });

  // The future, shaded; a grid line and label every 30 s into the past.
  svg.append(s('rect', { x: nowX, y: 0, width: width - nowX, height: BASE, fill: '#f5f7fb' }));
  for (let back = 0; back <= PAST_MS; back += 30_000) {
    const gx = x(now - back);
    svg.append(
      s('line', { x1: gx, x2: gx, y1: 2, y2: BASE, stroke: back ? '#eef1f5' : '#9aa6b8', 'stroke-dasharray': back ? '' : '3 3' }),
      s('text', { x: gx, y: HEIGHT - 4, 'text-anchor': back === PAST_MS ? 'start' : 'middle' }, back ? `-${back / 1000} s` : 'now'),
    );
  }
  svg.append(s('line', { x1: 0, x2: width, y1: BASE + 0.5, y2: BASE + 0.5, stroke: '#cfd6e0' }));
  if (entry.registeredAt >= now - PAST_MS) {
    const rx = x(entry.registeredAt);
    svg.append(s('line', { class: 'mark registered', x1: rx, x2: rx, y1: 4, y2: BASE, stroke: '#9aa6b8' },
      s('title', {}, `${clock(entry.registeredAt)} registered`)));
  }

  for (const mark of entry.marks) {
    const mx = x(mark.at);
    if (mx < 0) continue;
    svg.append(markShape(mark, mx));
  }
  if (beating?.nextBeatAt && beating.nextBeatAt <= now + FUTURE_MS) {
    const nx = x(Math.max(now, beating.nextBeatAt));
    svg.append(s('circle', { class: 'next', cx: nx, cy: BASE - 5, r: 4, fill: 'none', stroke: '#9aa6b8', 'stroke-dasharray': '2 2' },
      s('title', {}, `next beat due ${clock(beating.nextBeatAt)}`)));
  }

  const facts = [
    `${entry.beats} beat${entry.beats === 1 ? '' : 's'}`,
    entry.last && `last ${entry.last.latencyMs} ms via ${entry.last.server?.label ?? '?'}`,
    entry.failures && `${entry.failures} failed`,
    entry.reregisters && `${entry.reregisters} re-registered`,
    beating && `next in ${ago(Math.max(0, beating.nextBeatAt - now))}`,
    beating?.lightBeat && 'light beats',
  ].filter(Boolean);
  return h('div', {
    class: 'lane', 'data-key': entry.key, 'data-beats': entry.beats, 'data-failures': entry.failures,
    'data-reregisters': entry.reregisters, 'data-last-server': entry.last?.server?.index ?? '',
  },
  h('div', { class: 'title' }, h('b', {}, entry.serviceName), h('code', {}, `${entry.instance.ip}:${entry.instance.port}`),
    h('span', {}, facts.join(' · '))),
  svg);
}

function markShape(mark, mx) {
  const e = mark.event;
  if (mark.type === 'beat') {
    const bh = barHeight(e.latencyMs);
    return s('rect', {
      class: 'mark beat', 'data-server': mark.server?.index ?? '', x: mx - 2, y: BASE - bh, width: 4, height: bh, rx: 1.5,
      fill: mark.server?.color ?? '#667085',
    }, s('title', {}, `${clock(e.at)} beat via ${mark.server?.label ?? e.server}: ${e.latencyMs} ms${e.lightBeat ? ' (light)' : ''}`));
  }
  if (mark.type === 'beat-failed') {
    const y = BASE - 12;
    return s('path', {
      class: 'mark beat-failed', d: `M${mx - 5} ${y - 5}L${mx + 5} ${y + 5}M${mx + 5} ${y - 5}L${mx - 5} ${y + 5}`,
      stroke: 'var(--bad)', 'stroke-width': 2.5, 'stroke-linecap': 'round',
    }, s('title', {}, `${clock(e.at)} beat failed: ${e.error?.code} ${e.error?.message ?? ''}`));
  }
  return s('path', {
    class: 'mark reregister', 'data-server': mark.server?.index ?? '', d: `M${mx} 3L${mx + 6} 9L${mx} 15L${mx - 6} 9Z`,
    fill: 'var(--warn)',
  }, s('title', {}, `${clock(e.at)} registered again via ${mark.server?.label ?? e.server} (${e.reason})`));
}
