// A TypeScript consumer that uses every option, method, event and error field: `tsc --strict` must accept it.
import {
  NacosNamingClient,
  type BeatingInstance,
  type BeatSummary,
  type Instance,
  type NacosClientOptions,
  type NacosError,
  type NacosEvent,
  type ServerState,
  type ServiceChange,
  type ServiceDetail,
  type ServiceInstance,
  type ServiceList,
} from 'nacos-wasm';

function describe(event: NacosEvent): string {
  switch (event.type) {
    case 'beat':
      return `${event.serviceName} ${event.ip}:${event.port} ${event.latencyMs} ms ${event.lightBeat}`;
    case 'beat-failed':
      return `${event.error.code} ${event.error.errCode} ${event.nextBeatInMs}`;
    case 'reregister':
      return `${event.reason} via ${event.server}`;
    case 'server-down':
      return `${event.server}: ${event.error}`;
    case 'server-up':
      return event.server;
    case 'service-changed':
      return `${event.groupName}@@${event.serviceName} [${event.clusters.join()}] ${event.instanceCount}`;
    case 'poll-failed':
      return `${event.error.message} ${event.servingCache} ${event.nextPollInMs}`;
  }
}

const options: NacosClientOptions = {
  serverList: ['127.0.0.1:8848', 'http://127.0.0.1:8849'],
  namespace: 'public',
  requestTimeoutMs: 5000,
  maxRetry: 3,
  serverCooldownMs: 10000,
  autoBeat: true,
  pollIntervalMs: 2000,
  username: 'nacos',
  password: 'nacos',
  accessKey: 'ak',
  secretKey: 'sk',
  appName: 'shop',
  tokenInQuery: false,
  onEvent: (event: NacosEvent) => console.log(event.at, describe(event)),
};

const instance: Instance = {
  ip: '10.0.0.1',
  port: 8080,
  weight: 1,
  healthy: true,
  enabled: true,
  ephemeral: true,
  clusterName: 'DEFAULT',
  metadata: { version: '1' },
};

export async function useEverything(): Promise<void> {
  const client = new NacosNamingClient(options);
  new NacosNamingClient({ serverList: '127.0.0.1:8848' });
  await client.registerInstance('orders', instance);
  await client.registerInstance('orders', instance, 'shop');
  await client.updateInstance('orders', { ...instance, weight: 2 }, 'shop');
  const beating: BeatingInstance[] = client.beatingInstances();
  const period: number = beating[0].periodMs;
  const last: 'ok' | 'failed' | 'reregistered' | null = beating[0].lastResult;
  const servers: ServerState[] = client.serverStates();
  const up: boolean = servers[0].up;
  const summary: BeatSummary = await client.sendBeats();
  const due: number | undefined = client.nextBeatDelayMs();

  const all: ServiceInstance[] = await client.getAllInstances('orders', 'shop', ['DEFAULT'], true);
  const healthy: ServiceInstance[] = await client.selectInstances('orders', 'shop', 'DEFAULT', true, false);
  const one: ServiceInstance = await client.selectOneHealthyInstance('orders');
  const metadata: Record<string, string> = one.metadata;
  const listener = (hosts: ServiceInstance[], change: ServiceChange) =>
    console.log(hosts.length, change.serviceName, change.clusters);
  await client.subscribe('orders', listener);
  await client.subscribe({ serviceName: 'orders', groupName: 'shop', clusters: ['a'] }, listener);
  client.unSubscribe('orders', listener);
  client.unSubscribe({ serviceName: 'orders' });
  const status: 'UP' | 'DOWN' = await client.getServerStatus();
  const page: ServiceList = await client.getServicesOfServer(1, 10, 'shop');
  const detail: ServiceDetail = await client.getService('orders', 'shop');

  try {
    await client.deregisterInstance('orders', instance, 'shop');
  } catch (caught) {
    const error = caught as NacosError;
    const fields: [string, string, number, number | undefined, string | undefined, string[] | undefined] = [
      error.name, error.code, error.errCode, error.status, error.api, error.servers,
    ];
    console.log(fields, error.server, error.message);
  }
  await client.close({ deregister: true });
  await client.close();
  console.log(period, last, up, summary.attempted, summary.succeeded, due, all, healthy, metadata, status,
    page.count, page.data, detail.protectThreshold, detail.clusters[0]?.name);
}

// @ts-expect-error: serverList is required
new NacosNamingClient({});
// @ts-expect-error: unknown options are type errors too
new NacosNamingClient({ serverList: 'a', timeout: 5 });
// @ts-expect-error: metadata values are strings
const badInstance: Instance = { ip: 'a', port: 1, metadata: { weight: 1 } };
console.log(badInstance);
