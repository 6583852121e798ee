import { TimeoutError } from '../errors.js';
import { knownKeys, randomSource } from '../common/option-checks.js';
import * as check from '../common/validate.js';
import type { AdaptiveLimitOptions } from './types.js';

/** Options after validation: every one given, every default filled in. */
export type AdaptiveLimitSettings = Required<AdaptiveLimitOptions>;

/** Every key `adaptiveLimit()` takes. */
export const ADAPTIVE_LIMIT_KEYS: readonly string[] = Object.keys({
  algorithm: true, initial: true, min: true, max: true, queue: true, isDrop: true, random: true,
} satisfies Record<keyof AdaptiveLimitOptions, true>); // a key the options gain and this lacks fails to compile

/** Validates once, at construction; throws naming the option and the value. */
export function adaptiveLimitSettings(options: AdaptiveLimitOptions = {}): AdaptiveLimitSettings {
  check.options('adaptiveLimit options', options);
  knownKeys('adaptiveLimit options', options, ADAPTIVE_LIMIT_KEYS);
  const min = check.count('min', options.min ?? 1);
  const max = check.count('max', options.max ?? Math.max(200, min), min);
  const initial = check.count('initial', options.initial ?? Math.min(max, Math.max(20, min)), min);
  if (initial > max) throw new RangeError(`initial must be an integer in [min, max] = [${min}, ${max}], got ${initial}`);
  return {
    algorithm: check.oneOf('algorithm', options.algorithm ?? 'gradient2', ['aimd', 'gradient2'] as const),
    initial,
    min,
    max,
    queue: check.count('queue', options.queue ?? 0, 0),
    isDrop: options.isDrop === undefined ? overloaded : check.fn('isDrop', options.isDrop),
    random: randomSource(options.random),
  };
}

/** The default drop: a timeout, or an answer that says when to come back (the dependency is overloaded). */
export function overloaded(error: unknown): boolean {
  if (error instanceof TimeoutError) return true;
  if (typeof error !== 'object' || error === null) return false;
  const retryAfter = (error as { retryAfter?: unknown }).retryAfter;
  return typeof retryAfter === 'number' && retryAfter >= 0;
}
