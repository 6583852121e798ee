/**
 * Option validation, done once at construction. Every message names the option
 * and the value given, so a bad config fails loudly before any call is made.
 */

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value === undefined || value === null) return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** The longest duration a timer can hold (2^31 - 1 ms, about 24.8 days): `setTimeout` fires a longer one at once. */
export const MAX_DURATION = 2_147_483_647;

/** A value that is not a number at all (`null` included: it is not "the default") is a TypeError. */
function number(option: string, value: unknown, expected: string): number {
  if (typeof value !== 'number') throw new TypeError(`${option} must be ${expected}, got ${show(value)}`);
  return value;
}

/** A count: an integer >= min (default 1), and <= max when given. */
export function count(option: string, value: unknown, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  const n = number(option, value, `an integer >= ${min}`);
  if (!Number.isInteger(n) || n < min) throw new RangeError(`${option} must be an integer >= ${min}, got ${show(value)}`);
  if (n > max) throw new RangeError(`${option} must be at most ${max}, got ${show(value)}`);
  return n;
}

/** A duration in ms: finite, >= 0 (or > 0 when `positive`) and at most {@link MAX_DURATION}. */
export function duration(option: string, value: unknown, positive = false): number {
  const expected = `a finite number of ms ${positive ? '> 0' : '>= 0'}`;
  const n = number(option, value, expected);
  if (!Number.isFinite(n) || n < 0 || (positive && n === 0)) throw new RangeError(`${option} must be ${expected}, got ${show(value)}`);
  if (n > MAX_DURATION) throw new RangeError(`${option} must be at most ${MAX_DURATION} ms (what a timer can hold; a longer one fires at once), got ${show(value)}`);
  return n;
}

/** The value, or the default when it is `undefined` (only then: `null` is a value, of the wrong type). */
export function or<T>(value: T | undefined, fallback: T): T {
  return value === undefined ? fallback : value;
}

/** Rejects keys the options object does not know (a typo such as `maxAttemps`), naming the key. */
export function knownKeys(option: string, value: object | undefined, keys: readonly string[]): void {
  if (value === undefined) return;
  for (const key of Object.keys(value)) {
    if (!keys.includes(key)) {
      throw new TypeError(`${option}: unknown option ${JSON.stringify(key.slice(0, 100))}; known options are ${keys.join(', ')}`);
    }
  }
}

/** A duration that may also be `Infinity` (no limit). */
export function durationOrInfinity(option: string, value: unknown): number {
  if (value === Infinity) return value;
  return duration(option, value);
}

/** A number in (0, 1]. */
export function rate(option: string, value: unknown): number {
  number(option, value, 'a number in (0, 1]');
  if (typeof value !== 'number' || !(value > 0 && value <= 1)) {
    throw new RangeError(`${option} must be a number in (0, 1], got ${show(value)}`);
  }
  return value;
}

/** A finite number >= min. */
export function atLeast(option: string, value: unknown, min: number): number {
  number(option, value, `a finite number >= ${min}`);
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new RangeError(`${option} must be a finite number >= ${min}, got ${show(value)}`);
  }
  return value;
}

/** One of a fixed set of names. */
export function oneOf<T extends string>(option: string, value: unknown, names: readonly T[]): T {
  if (typeof value !== 'string' || !(names as readonly string[]).includes(value)) {
    throw new TypeError(`${option} must be one of ${names.map((n) => `'${n}'`).join(', ')}, got ${show(value)}`);
  }
  return value as T;
}

/** A function, when given. */
export function fn<T>(option: string, value: T): T {
  if (typeof value !== 'function') {
    throw new TypeError(`${option} must be a function, got ${show(value)}`);
  }
  return value;
}

/** An options object (or undefined). */
export function options<T extends object>(option: string, value: T | undefined): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || (value as unknown) === null || Array.isArray(value)) {
    throw new TypeError(`${option} must be an object, got ${show(value)}`);
  }
  return value;
}
