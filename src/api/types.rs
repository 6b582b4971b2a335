//! TypeScript declarations for every option, instance, event and error, published in the `.d.ts`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** Options for `new NacosNamingClient(options)`. Unknown fields are rejected. */
export interface NacosClientOptions {
  /** `'h1:8848,h2'` or `['h1:8848', 'http://h2:8848']`; the port defaults to 8848. */
  serverList: string | string[];
  /** Namespace id; default `'public'`. */
  namespace?: string;
  /** Per-request timeout in ms, enforced within a tenth more (the request is aborted); default 5000. */
  requestTimeoutMs?: number;
  /** Tries when the list has a single server; default 3. */
  maxRetry?: number;
  /** How long (ms) a server that just failed is tried only after the others; doubles on repeated
   * failures up to 8x. Default 10000. */
  serverCooldownMs?: number;
  /** Beat on timers of the client's own (default true). Set false where timers do not outlive a
   * request (Cloudflare Workers) and call `sendBeats()` on a schedule. */
  autoBeat?: boolean;
  /** Poll subscriptions this often (ms, 1000 to 60000) instead of at the server's `cacheMillis`. */
  pollIntervalMs?: number;
  /** Log in as this user (with `password`): `POST /nacos/v1/auth/users/login`, the token renewed at
   * nine tenths of its ttl and after a 403. */
  username?: string;
  /** Sent in the login request's body only; never in a URL, an error or an event. */
  password?: string;
  /** AK/SK signing, as the Java client: `ak`, `data = <ms>@@<group@@service>` and
   * `signature = Base64(HmacSHA1(data, secretKey))` on every call. */
  accessKey?: string;
  /** Signs requests; never sent, never shown. */
  secretKey?: string;
  /** Sent as `app` (`'unknown'` when signing without one). */
  appName?: string;
  /** Send the token as the `accessToken` query parameter (servers that read only that) instead of
   * the `accessToken` header. Default false: tokens stay out of URLs. */
  tokenInQuery?: boolean;
  /** Receives every event; a listener that throws is logged and ignored. */
  onEvent?: (event: NacosEvent) => void;
}

/** An instance, with the field names of the Java client. Unknown fields are rejected. */
export interface Instance {
  ip: string;
  /** 0 to 65535. */
  port: number;
  /** 0 to 10000; default 1. */
  weight?: number;
  /** Default true. */
  healthy?: boolean;
  /** Default true. */
  enabled?: boolean;
  /** Ephemeral instances beat and vanish when they stop; default true. */
  ephemeral?: boolean;
  /** Letters, digits and '-'; default `'DEFAULT'`. */
  clusterName?: string;
  /** String values only. `preserved.heart.beat.interval` (ms, default 5000) sets the beat period. */
  metadata?: Record<string, string>;
  /** Accepted (as read back from a server) and ignored: the server assigns it. */
  instanceId?: string;
  /** Accepted and ignored: the service is the one named in the call. */
  serviceName?: string;
}

/** Options for `close()`. */
export interface CloseOptions {
  /** Deregister every instance this client registered before closing. */
  deregister?: boolean;
}

/** Which instance an event or row is about. */
export interface InstanceRef {
  serviceName: string;
  groupName: string;
  ip: string;
  port: number;
  clusterName: string;
}

/** A row of `beatingInstances()`. */
export interface BeatingInstance extends InstanceRef {
  /** Current beat period in ms (the server's `clientBeatInterval` once it answered). */
  periodMs: number;
  /** The server accepts beats without a body. */
  lightBeat: boolean;
  /** When the next beat is due (ms since the epoch). */
  nextBeatAt: number;
  /** When the last beat finished (ms since the epoch). */
  lastBeatAt: number | null;
  lastResult: 'ok' | 'failed' | 'reregistered' | null;
}

/** A server as the client has seen it. */
export interface ServerState {
  server: string;
  up: boolean;
  /** Failures since it last answered. */
  failures: number;
  lastError: string | null;
}

/** What `sendBeats()` did. */
export interface BeatSummary {
  attempted: number;
  succeeded: number;
}

/** The plain-object form of a `NacosError`, as carried in `beat-failed` events. */
export interface NacosErrorInfo {
  code: NacosErrorCode;
  errCode: number;
  message: string;
  status?: number;
  api?: string;
  server?: string;
  servers?: string[];
}

/** Stable error codes to branch on. */
export type NacosErrorCode =
  | 'INVALID_PARAM'
  | 'AUTH_FAILED'
  | 'NO_SERVER_AVAILABLE'
  | 'SERVER_ERROR'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'REQUEST_REJECTED'
  | 'TIMEOUT'
  | 'NETWORK_ERROR'
  | 'INVALID_RESPONSE'
  | 'CLOSED'
  | 'NO_HEALTHY_INSTANCE';

/** Every rejection and throw of this package: a real `Error` with `name === 'NacosError'`. */
export interface NacosError extends Error {
  name: 'NacosError';
  code: NacosErrorCode;
  /** The Java client's `NacosException` code: -400 client invalid param, -401 closed, 400, 403,
   * 404, 500 (also network errors and timeouts), or the HTTP status. */
  errCode: number;
  /** HTTP status, when a server answered. */
  status?: number;
  /** The Open API path, e.g. `/nacos/v1/ns/instance`. */
  api?: string;
  /** The server that gave the last answer or failure. */
  server?: string;
  /** Every server tried, when all failed. */
  servers?: string[];
}

/** A beat was answered. */
export interface BeatEvent extends InstanceRef {
  type: 'beat';
  at: number;
  server: string;
  latencyMs: number;
  lightBeat: boolean;
  /** When the next beat goes out: a period after this one was due, at least half a period from now. */
  nextBeatInMs: number;
}

/** A beat failed; the next contact registers the instance again in full. */
export interface BeatFailedEvent extends InstanceRef {
  type: 'beat-failed';
  at: number;
  error: NacosErrorInfo;
  nextBeatInMs: number;
}

/** The instance was registered again: the server did not know it (`not-found`, code 20404) or
 * beats had failed (`recovered`). */
export interface ReregisterEvent extends InstanceRef {
  type: 'reregister';
  at: number;
  reason: 'not-found' | 'recovered';
  server: string;
}

/** A server failed (refused, timed out or answered 5xx) after answering before. */
export interface ServerDownEvent {
  type: 'server-down';
  at: number;
  server: string;
  error: string;
}

/** A server that had failed answered again. */
export interface ServerUpEvent {
  type: 'server-up';
  at: number;
  server: string;
}

/** A subscribed service's host list changed; its listeners were called. */
export interface ServiceChangedEvent {
  type: 'service-changed';
  at: number;
  serviceName: string;
  groupName: string;
  clusters: string[];
  instanceCount: number;
}

/** A subscription's poll failed; reads are answered from its cache while `servingCache`. */
export interface PollFailedEvent {
  type: 'poll-failed';
  at: number;
  serviceName: string;
  groupName: string;
  clusters: string[];
  error: NacosErrorInfo;
  nextPollInMs: number;
  servingCache: boolean;
}

export type NacosEvent =
  | BeatEvent
  | BeatFailedEvent
  | ReregisterEvent
  | ServerDownEvent
  | ServerUpEvent
  | ServiceChangedEvent
  | PollFailedEvent;

/** An instance as a server lists it. */
export interface ServiceInstance {
  /** Empty when the server sent none. */
  instanceId: string;
  ip: string;
  port: number;
  weight: number;
  healthy: boolean;
  enabled: boolean;
  ephemeral: boolean;
  clusterName: string;
  /** As the server wrote it, usually grouped: `group@@service`. */
  serviceName: string;
  metadata: Record<string, string>;
}

/** Which service `subscribe` and `unSubscribe` mean (a plain string is the service name). */
export interface SubscribeInfo {
  serviceName: string;
  groupName?: string;
  /** Cluster names; none means every cluster. */
  clusters?: string[] | string;
}

/** What a subscribe listener receives beside the hosts. */
export interface ServiceChange {
  serviceName: string;
  groupName: string;
  clusters: string[];
  hosts: ServiceInstance[];
}

/** Called with the full host list when it changed (hosts first, as `nacos-naming` does). */
export type ServiceListener = (hosts: ServiceInstance[], change: ServiceChange) => void;

/** A page of `getServicesOfServer`. */
export interface ServiceList {
  /** Every service in the group, not just this page. */
  count: number;
  /** This page's service names. */
  data: string[];
}

/** `getService`'s answer. */
export interface ServiceDetail {
  name: string;
  groupName: string;
  /** Empty when the server did not say. */
  namespaceId: string;
  protectThreshold: number;
  metadata: Record<string, string>;
  selector: Record<string, string>;
  clusters: { name: string; healthChecker: Record<string, string>; metadata: Record<string, string> }[];
}
"#;
