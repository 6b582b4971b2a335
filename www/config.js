// Which Nacos servers the page talks to: ?servers=a,b on the page's URL, else the dashboard server's
// /dashboard.json (same-origin proxy paths), else the page's own origin (a plain /nacos/ proxy).
const COLORS = ['#2f6fde', '#1a9e75', '#8a5cd1', '#d0670f', '#0f8fa8'];

/** Resolves to [{ index, entry, label, upstream, color }]; `entry` is what goes in serverList. */
export async function loadServers() {
  const param = new URLSearchParams(location.search).get('servers');
  let servers;
  if (param) {
    // Paths ('/s/0') are taken relative to this origin; full URLs as given.
    servers = param.split(',').map((s) => s.trim()).filter(Boolean)
      .map((s) => ({ entry: new URL(s, location.origin).href.replace(/\/+$/, '') }));
  } else {
    const res = await fetch('/dashboard.json', { cache: 'no-store' }).catch(() => null);
    const config = res?.ok ? await res.json() : null;
    servers = config?.servers?.length
      ? config.servers.map((s) => ({ entry: location.origin + s.path, upstream: s.upstream }))
      : [{ entry: location.origin }];
  }
  return servers.map((server, index) => ({
    ...server,
    index,
    label: `server ${index + 1}`,
    // What the proxy forwards to, when known: the address a reader recognises.
    detail: server.upstream ? new URL(server.upstream).host : new URL(server.entry).host + new URL(server.entry).pathname,
    color: COLORS[index % COLORS.length],
  }));
}

/** Server strings from the client (events, serverStates) compared without a trailing slash. */
export const serverKey = (server) => String(server ?? '').replace(/\/+$/, '');
