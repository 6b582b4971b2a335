// Profiling aid (not part of `make bench`): where a registration's time goes against a real r-nacos,
// for our client beside raw fetch of the same request, without a profiler's distortion.
// `node bench/profile-timeline.mjs [sequential|concurrent] [rounds]`
// - sequential: the median time of each phase of a call: before fetch() is called ("pre"), until its
//   response ("net", which includes fetch's own synchronous work: undici writes the request there),
//   reading the body, and until the caller's await resumes ("post").
// - concurrent (32 at once): process CPU per call, and how much of it is spent synchronously in the
//   call itself, in fetch() and in fetch.js's answer handling (which runs our wasm).
// Contenders alternate in blocks, as in the benchmark; the spy on fetch costs both alike.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { startRnacos } from '../tests/js/harness/rnacos.mjs';
import { cjsEntry, pkgDir } from './lib/ours.mjs';
import { median } from './lib/stats.mjs';

const [mode = 'sequential', rounds = 8] = process.argv.slice(2).map((a, i) => (i === 1 ? Number(a) : a));
const require = createRequire(import.meta.url);
// The CommonJS copy of fetch.js the package loads, to time its answer handling.
const snippets = path.join(pkgDir, 'node', 'snippets');
const fetchJs = path.join(snippets, fs.readdirSync(snippets)[0], 'src', 'host', 'fetch.js');
const { FetchRequests } = require(fetchJs);
const { NacosNamingClient } = require(cjsEntry);

let current = null;
const finish = FetchRequests.prototype.finish;
FetchRequests.prototype.finish = function (...args) {
  const t = performance.now();
  const result = finish.apply(this, args);
  if (current) current.finish += performance.now() - t;
  return result;
};
const realFetch = globalThis.fetch;
globalThis.fetch = function (url, init) {
  const record = current;
  const t = performance.now();
  if (record) record.fetchAt = t;
  const pending = realFetch(url, init);
  if (record) record.fetchSync += performance.now() - t;
  return pending.then((response) => {
    if (record) record.responseAt = performance.now();
    const text = response.text.bind(response);
    response.text = () => text().then((body) => {
      if (record) record.bodyAt = performance.now();
      return body;
    });
    return response;
  });
};

const server = await startRnacos({ label: 'profile-timeline' });
// The request our client sends, replayed by raw fetch with another ip.
let captured;
{
  const spy = globalThis.fetch;
  globalThis.fetch = (url, init) => {
    captured = { url, init: { method: init.method, headers: { ...init.headers } } };
    return spy(url, init);
  };
  const client = new NacosNamingClient({ serverList: server.address, autoBeat: false });
  await client.registerInstance('profile-timeline', { ip: '127.0.0.40', port: 30000 });
  await client.close();
  globalThis.fetch = spy;
}
const withPort = (i) => captured.url.replace('ip=127.0.0.40', 'ip=127.0.0.42').replace(/([?&]port=)\d+/, `$1${30000 + i}`);
const contenders = {
  ours: () => {
    const client = new NacosNamingClient({ serverList: server.address, autoBeat: false });
    return { call: (i) => client.registerInstance('profile-timeline', { ip: '127.0.0.41', port: 30000 + i }), close: () => client.close() };
  },
  'raw fetch': () => ({
    call: async (i) => {
      const response = await globalThis.fetch(withPort(i), captured.init);
      await response.text();
    },
    close: async () => {},
  }),
};
const names = Object.keys(contenders);
const N = 500;
const results = Object.fromEntries(names.map((name) => [name, []]));
for (let round = 0; round < rounds; round++) {
  for (const name of round % 2 ? [...names].reverse() : names) {
    const c = contenders[name]();
    await Promise.all(Array.from({ length: 32 }, (_, i) => c.call(i)));
    if (mode === 'sequential') {
      for (let i = 0; i < N; i++) {
        const record = { fetchSync: 0, finish: 0, startAt: performance.now() };
        current = record;
        await c.call(i);
        record.endAt = performance.now();
        current = null;
        if (round > 0) results[name].push(record);
      }
    } else {
      // One record for the whole block: the spies add into it.
      const record = { fetchSync: 0, finish: 0, call: 0 };
      current = record;
      let next = 0;
      const cpu = process.cpuUsage();
      await Promise.all(Array.from({ length: 32 }, async () => {
        while (next < N) {
          const t = performance.now();
          const pending = c.call(next++);
          record.call += performance.now() - t;
          await pending;
        }
      }));
      const used = process.cpuUsage(cpu);
      current = null;
      record.cpu = (used.user + used.system) / 1000;
      if (round > 0) results[name].push(record);
    }
    await c.close();
  }
}
const us = (ms) => (ms * 1000).toFixed(1).padStart(7);
for (const [name, records] of Object.entries(results)) {
  const m = (pick) => us(median(records.map(pick)));
  if (mode === 'sequential') {
    console.log(`${name.padEnd(10)} µs: pre ${m((r) => r.fetchAt - r.startAt)}  net ${m((r) => r.responseAt - r.fetchAt)} (fetch() itself ${m((r) => r.fetchSync)})  body ${m((r) => r.bodyAt - r.responseAt)}  post ${m((r) => r.endAt - r.bodyAt)} (answer handling ${m((r) => r.finish)})  total ${m((r) => r.endAt - r.startAt)}`);
  } else {
    const per = (pick) => m((r) => pick(r) / N);
    console.log(`${name.padEnd(10)} µs per call: CPU ${per((r) => r.cpu)}  in the call ${per((r) => r.call)} (fetch() itself ${per((r) => r.fetchSync)})  answer handling ${per((r) => r.finish)}`);
  }
}
await server.stop();
