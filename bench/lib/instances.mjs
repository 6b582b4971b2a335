// The instances of the heartbeat-scale runs, named the same in the client child and the parent that checks the server.

/** Services of at most 1,000 instances each, as a real fleet would spread them (and lists stay small). */
export const servicesFor = (count) => Math.ceil(count / 1000);

/**
 * The i-th instance. The ip is only registration data (r-nacos never contacts ephemeral instances);
 * every request still goes to 127.0.0.1.
 */
export function instanceOf(i, services) {
  return { service: `bench-beat-${i % services}`, ip: `127.1.${(i >> 8) & 255}.${i & 255}`, port: 40000 + (i % 1000) };
}
