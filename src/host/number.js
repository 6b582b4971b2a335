// The runtime's own number conversions, so the wasm carries no float formatting or parsing tables.

/** Shortest digits that read back as `x`, as `d.ddde±n` (ECMAScript guarantees the shortest). */
export function toExponential(x) {
  return x.toExponential();
}

/** A decimal already checked by the Rust side, correctly rounded. */
export function parseNumber(text) {
  return Number(text);
}
