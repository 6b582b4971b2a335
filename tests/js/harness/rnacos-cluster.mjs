// A small r-nacos cluster on 127.0.0.1 (the dashboard test and `make demo`): every node lists every
// instance, so a client that spreads its requests over the nodes sees one registry.
import { startRnacos, listInstances } from './rnacos.mjs';
import { sleep } from './util.mjs';

/**
 * Starts `count` nodes: node 1 forms the cluster (on `httpPort` if given), the others join it. Resolves
 * once an instance registered on each node is listed by every other one: until then a forming
 * cluster lists partial data (a beat reaching a node before the sync re-registers the instance there
 * without weight and metadata). Now and then a node's join never takes; then it starts over.
 */
export async function startCluster(count, { label = 'cluster', httpPort, ownProcessGroup } = {}) {
  for (let attempt = 1; ; attempt++) {
    const nodes = await startNodes(count, label, httpPort, ownProcessGroup);
    if (count === 1 || (await waitForSync(nodes, 20000))) return nodes;
    await Promise.all(nodes.map((node) => node.stop()));
    if (attempt === 3) throw new Error(`the ${count} r-nacos nodes did not form a cluster in 3 tries`);
  }
}

async function startNodes(count, label, httpPort, ownProcessGroup) {
  const nodes = [];
  try {
    const first = await startRnacos({ label: `${label}-1`, httpPort, ownProcessGroup, env: { RNACOS_RAFT_NODE_ID: 1, RNACOS_RAFT_AUTO_INIT: 'true' } });
    nodes.push(first);
    for (let id = 2; id <= count; id++) {
      nodes.push(await startRnacos({
        label: `${label}-${id}`,
        ownProcessGroup,
        env: { RNACOS_RAFT_NODE_ID: id, RNACOS_RAFT_JOIN_ADDR: `127.0.0.1:${first.grpcPort}` },
      }));
    }
    return nodes;
  } catch (error) {
    await Promise.all(nodes.map((node) => node.stop()));
    throw error;
  }
}

/** True once fresh probes registered on each node are listed by all of them; false after `timeoutMs`. */
async function waitForSync(nodes, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  const service = `cluster-sync-probe-${process.pid}`;
  const send = (node, method, port) => {
    const query = new URLSearchParams({ serviceName: service, ip: '127.0.0.1', port: String(port), ephemeral: 'true' });
    return fetch(`${node.baseUrl}/nacos/v1/ns/instance?${query}`, { method, signal: AbortSignal.timeout(5000) })
      .then((res) => res.text(), () => null);
  };
  const sent = [];
  for (let round = 0; ; round++) {
    // A new probe on each node every round: one registered while the cluster was still forming is
    // not synced until a periodic full sync, and registering it again changes nothing, so is not sent.
    const ports = nodes.map((_, i) => 1000 + round * nodes.length + i);
    await Promise.all(nodes.map((node, i) => send(node, 'POST', ports[i])));
    sent.push(...ports.map((port, i) => [nodes[i], port]));
    let lists = [];
    for (let poll = 0; poll < 8; poll++) {
      await sleep(250);
      lists = await Promise.all(nodes.map((node) => listInstances(node.baseUrl, service).catch(() => [])));
      if (lists.every((hosts) => ports.every((port) => hosts.some((h) => h.port === port)))) {
        await Promise.all(sent.map(([node, port]) => send(node, 'DELETE', port)));
        return true;
      }
    }
    if (Date.now() > deadline) return false;
  }
}
