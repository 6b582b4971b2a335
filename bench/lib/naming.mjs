// The reference client, npm nacos-naming, set up the same way everywhere: a silent logger (its warnings
// on every failed try would otherwise be measured too) and urllib with an explicit timeout.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const silentLogger = { debug() {}, info() {}, warn() {}, error() {}, log() {} };

/**
 * A nacos-naming client for `serverList` (127.0.0.1 entries only). `timeoutMs` goes to urllib, its
 * HTTP client, through the documented `httpclient` option: the equivalent of our requestTimeoutMs.
 */
export function makeNamingClient(serverList, { timeoutMs } = {}) {
  const { NacosNamingClient } = require('nacos-naming');
  const urllib = require('urllib');
  const httpclient = timeoutMs ? { request: (url, options) => urllib.request(url, { ...options, timeout: timeoutMs }) } : urllib;
  return new NacosNamingClient({ logger: silentLogger, serverList, namespace: 'public', httpclient });
}
