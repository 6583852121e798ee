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

/** A count: an integer >= min (default 1). */
export function count(option: string, value: unknown, min = 1): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new RangeError(`${option} must be an integer >= ${min}, got ${show(value)}`);
  }
  return value;
}

/** A duration in ms: finite and >= 0 (or > 0 when `positive`). */
export function duration(option: string, value: unknown, positive = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (positive && value === 0)) {
    throw new RangeError(`${option} must be a finite number of ms ${positive ? '> 0' : '>= 0'}, got ${show(value)}`);
  }
  return value;
}

/** A duration that may also be `Infinity` (no limit). */
export function durationOrInfinity(option: string, value: unknown): number {
  if (value === Infinity) return value;
  return duration(option, value);
}

/** A number in (0, 1]. */
export function rate(option: string, value: unknown): number {
  if (typeof value !== 'number' || !(value > 0 && value <= 1)) {
    throw new RangeError(`${option} must be a number in (0, 1], got ${show(value)}`);
  }
  return value;
}

/** A finite number >= min. */
export function atLeast(option: string, value: unknown, min: number): number {
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
