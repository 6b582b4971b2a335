// The promises the client's methods return, settled by id from Rust (src/host/executor.rs): one JS
// promise and a map entry per call, where a promise made from Rust would cost two wasm closures.

/** Calls whose promise exists and waits: id -> { resolve, reject }. */
const waiting = new Map();
/** Calls settled before their promise was asked for (in their first poll): id -> { ok, value }. */
const early = new Map();

/** The promise of call `id`. */
export function newCall(id) {
  const settled = early.get(id);
  if (settled !== undefined) {
    early.delete(id);
    return settled.ok ? Promise.resolve(settled.value) : Promise.reject(settled.value);
  }
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
  });
}

/** Settles call `id`: resolved with `value` when `ok`, else rejected with it. */
export function settleCall(id, ok, value) {
  const settler = waiting.get(id);
  if (settler === undefined) {
    early.set(id, { ok, value });
    return;
  }
  waiting.delete(id);
  if (ok) settler.resolve(value);
  else settler.reject(value);
}
