import { BrokenCircuitError, BulkheadRejectedError, RateLimitError, TimeoutError } from '../errors.js';
import { knownKeys, randomSource, timer } from '../common/option-checks.js';
import * as check from '../common/validate.js';
import type { ThrottleOptions } from './types.js';

/** Options after validation: every one given, every default filled in. */
export type ThrottleSettings = Required<ThrottleOptions>;

/** Every key `throttle()` takes. */
export const THROTTLE_KEYS: readonly string[] = Object.keys({
  k: true, window: true, buckets: true, maxRejectProbability: true, isAccepted: true, random: true,
} satisfies Record<keyof ThrottleOptions, true>); // a key the options gain and this lacks fails to compile

/** Validates once, at construction; throws naming the option and the value. */
export function throttleSettings(options: ThrottleOptions = {}): ThrottleSettings {
  check.options('throttle options', options);
  knownKeys('throttle options', options, THROTTLE_KEYS);
  const k = options.k ?? 2;
  if (typeof k !== 'number' || !Number.isFinite(k) || k <= 0) throw new RangeError(`k must be a finite number > 0, got ${String(k)}`);
  const maxRejectProbability = options.maxRejectProbability ?? 0.9;
  if (typeof maxRejectProbability !== 'number' || !(maxRejectProbability >= 0 && maxRejectProbability <= 1)) {
    throw new RangeError(`maxRejectProbability must be a number in [0, 1], got ${String(maxRejectProbability)}`);
  }
  return {
    k,
    window: timer('window', options.window ?? 120_000, true),
    buckets: check.count('buckets', options.buckets ?? 12),
    maxRejectProbability,
    isAccepted: options.isAccepted === undefined ? answered : check.fn('isAccepted', options.isAccepted),
    random: randomSource(options.random),
  };
}

const UNANSWERED_KINDS: ReadonlySet<unknown> = new Set(['transport', 'timeout', 'rate-limit']);

/** The default accept: any error but one that means the dependency did not (or would not) answer. */
export function answered(error: unknown): boolean {
  if (error instanceof TimeoutError || error instanceof RateLimitError) return false;
  if (error instanceof BulkheadRejectedError || error instanceof BrokenCircuitError) return false;
  if (typeof error !== 'object' || error === null) return true;
  return !UNANSWERED_KINDS.has((error as { kind?: unknown }).kind);
}
