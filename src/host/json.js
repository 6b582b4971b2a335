// A JavaScript value as JSON text for the Rust side. What JSON cannot carry (undefined, NaN, a
// BigInt, a function, ...) is written as {"\u0000": "<what it is>"}, so an error can name it
// instead of the value silently vanishing or becoming null.
const MARK = '\u0000';

function mark(name) {
  return { [MARK]: name };
}

function replace(key, value) {
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? value : mark(String(value));
    case 'undefined':
      return mark('undefined');
    case 'bigint':
      return mark('a bigint');
    case 'symbol':
      return mark('a symbol');
    case 'function':
      return mark('a function');
    default:
      return value;
  }
}

export function toJson(value) {
  try {
    return JSON.stringify(value, replace);
  } catch (error) {
    // A cycle, or a getter that threw.
    const why = String(error && error.message).slice(0, 100);
    return JSON.stringify(mark(`an object that cannot be copied (${why})`));
  }
}
