import * as check from './validate.js';

/**
 * Rejects option keys a policy does not know (a typo such as `maxHedge`) with the
 * same message as every core policy ({@link check.knownKeys}: the key, cut to 100
 * characters, and the keys that exist), and `null` values (`null` is not "the
 * default": leave the option out for that). Called once, at construction. `path` prefixes
 * the key in that message for a nested object (`'delay.'` names `delay.percentile`).
 */
export function knownKeys(option: string, value: object, keys: readonly string[], nullable: readonly string[] = [], path = ''): void {
  check.knownKeys(option, value, keys);
  for (const [key, given] of Object.entries(value)) {
    if (given === null && !nullable.includes(key)) throw new TypeError(`${path}${key} must be a value, got null (leave it out for the default)`);
  }
}

/** A random source: a function returning a number in [0, 1). */
export function randomSource(value: unknown): () => number {
  if (value === undefined) return Math.random;
  if (typeof value !== 'function') throw new TypeError(`random must be a function returning a number in [0, 1), got ${typeof value}`);
  return value as () => number;
}

/** A duration `setTimeout` can hold: finite, >= 0 (> 0 when `positive`), at most 2^31 - 1 ms. */
export function timer(option: string, value: unknown, positive = false): number {
  const ms = check.duration(option, value, positive);
  if (ms > 2 ** 31 - 1) throw new RangeError(`${option} must be at most ${2 ** 31 - 1} ms, got ${ms}`);
  return ms;
}
