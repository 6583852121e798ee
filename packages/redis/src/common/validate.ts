/**
 * Option validation, done once at construction. Every message names the option
 * and the value given, like @res/core's.
 */

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'an object';
  return String(value);
}

/** An options object (or undefined). */
export function options<T extends object>(option: string, value: T | undefined): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || (value as unknown) === null || Array.isArray(value)) {
    throw new TypeError(`${option} must be an object, got ${show(value)}`);
  }
  return value;
}

/** A count: an integer >= min (default 1). */
export function count(option: string, value: unknown, min = 1): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new RangeError(`${option} must be an integer >= ${min}, got ${show(value)}`);
  }
  return value;
}

/** A duration in ms: finite and > 0 (or >= 0 when `zero` is allowed). */
export function duration(option: string, value: unknown, zero = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!zero && value === 0)) {
    throw new RangeError(`${option} must be a finite number of ms ${zero ? '>= 0' : '> 0'}, got ${show(value)}`);
  }
  return value;
}

/** A duration that may also be `Infinity` (no limit). */
export function durationOrInfinity(option: string, value: unknown): number {
  return value === Infinity ? value : duration(option, value, true);
}

/** A non-empty string without whitespace (it becomes part of a Redis key). */
export function name(option: string, value: unknown): string {
  if (typeof value !== 'string' || value === '' || /\s/.test(value)) {
    throw new TypeError(`${option} must be a non-empty string without spaces, got ${show(value)}`);
  }
  return value;
}

/** Something that looks like an ioredis client. */
export function client(option: string, value: unknown): void {
  const candidate = value as { evalsha?: unknown; duplicate?: unknown } | null | undefined;
  if (typeof candidate?.evalsha !== 'function' || typeof candidate.duplicate !== 'function') {
    throw new TypeError(`${option} must be an ioredis client (new Redis(...) or new Cluster(...)), got ${show(value)}`);
  }
}
