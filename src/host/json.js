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

/**
 * True when plain `JSON.stringify` loses nothing: plain objects (nested up to `depth`) of strings,
 * booleans, finite numbers and null. Callers' instances nearly always are, and stringify without a
 * replacer is several times faster.
 */
function isPlain(value, depth) {
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key of Object.keys(value)) {
    const field = value[key];
    switch (typeof field) {
      case 'string':
      case 'boolean':
        break;
      case 'number':
        if (!Number.isFinite(field)) return false;
        break;
      case 'object':
        if (field !== null && (depth === 0 || !isPlain(field, depth - 1))) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

export function toJson(value) {
  try {
    if (typeof value === 'object' && value !== null && isPlain(value, 1)) return JSON.stringify(value);
    return JSON.stringify(value, replace);
  } catch (error) {
    // A cycle, or a getter that threw.
    const why = String(error && error.message).slice(0, 100);
    return JSON.stringify(mark(`an object that cannot be copied (${why})`));
  }
}
