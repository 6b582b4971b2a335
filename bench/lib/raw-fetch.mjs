// The raw-fetch reference client of the benchmarks: the identical requests, and nothing else.

/**
 * The floor: what this machine sustains with nothing but `fetch`. Registers with the query our client
 * sends and then (unless `beats` is false) sends each instance a light beat (r-nacos allows them) every
 * 5 s after the last reply, as Java schedules them; no failover, no events, no bookkeeping.
 */
export function rawFetchClient(serverAddress, { beats = true } = {}) {
  const base = `http://${serverAddress}/nacos/v1/ns`;
  const headers = { 'Client-Version': 'raw-fetch', 'Request-Module': 'Naming' };
  let closed = false;
  const call = async (method, url) => {
    const res = await fetch(url, { method, headers });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${method} ${url} answered ${res.status}: ${body}`);
  };
  return {
    async registerInstance(service, { ip, port }) {
      const common = { namespaceId: 'public', serviceName: `DEFAULT_GROUP@@${service}`, clusterName: 'DEFAULT', ip, port: String(port) };
      const register = new URLSearchParams({ ...common, groupName: 'DEFAULT_GROUP', weight: '1.0', enable: 'true', healthy: 'true', ephemeral: 'true', metadata: '{}' });
      await call('POST', `${base}/instance?${register}`);
      if (!beats) return;
      const beatUrl = `${base}/instance/beat?${new URLSearchParams(common)}`;
      const beat = async () => {
        if (closed) return;
        await call('PUT', beatUrl).catch(() => {});
        if (!closed) setTimeout(beat, 5000);
      };
      setTimeout(beat, 5000);
    },
    async close() {
      closed = true;
    },
  };
}
