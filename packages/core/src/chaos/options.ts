import { knownKeys, randomSource } from '../common/option-checks.js';
import type { ExecutionContext } from '../policy.js';
import type { ChaosOptions } from './types.js';

/** The parts every chaos policy shares, validated. */
export interface ChaosSettings {
  rate: number | ((context: ExecutionContext) => number);
  enabled: boolean | ((context: ExecutionContext) => boolean);
  random: () => number;
}

const COMMON_KEYS: readonly string[] = Object.keys({
  rate: true, enabled: true, random: true,
} satisfies Record<keyof ChaosOptions, true>); // a key the options gain and this lacks fails to compile

/** Validates the shared options and that `required` (the injected thing) is there. */
export function chaosSettings(kind: string, options: ChaosOptions, required: string): ChaosSettings {
  if (typeof options !== 'object' || (options as unknown) === null || Array.isArray(options)) {
    throw new TypeError(`chaos.${kind} options must be an object, got ${typeof options}`);
  }
  // An outcome may well be null; nothing else may.
  knownKeys(`chaos.${kind} options`, options, [...COMMON_KEYS, required], ['value']);
  if (!(required in options) || (options as Record<string, unknown>)[required] === undefined) {
    throw new TypeError(`chaos.${kind} needs ${required}`);
  }
  const rate = options.rate ?? 0.001;
  if (typeof rate !== 'function' && (typeof rate !== 'number' || !(rate >= 0 && rate <= 1))) {
    throw new RangeError(`rate must be a number in [0, 1] or a function, got ${String(rate)}`);
  }
  const enabled = options.enabled ?? true;
  if (typeof enabled !== 'boolean' && typeof enabled !== 'function') {
    throw new TypeError(`enabled must be a boolean or a function, got ${typeof enabled}`);
  }
  return { rate, enabled, random: randomSource(options.random) };
}

/**
 * Whether this call is injected: never when disabled (and then neither `rate` nor
 * `random` is called), otherwise iff `random() < rate`.
 */
export function injects(settings: ChaosSettings, context: ExecutionContext): boolean {
  const { enabled, rate } = settings;
  if (enabled === false || (typeof enabled === 'function' && !enabled(context))) return false;
  const threshold = typeof rate === 'number' ? rate : rate(context);
  return settings.random() < threshold;
}

/** A value, or what its generator makes for this call. */
export function generate<V>(value: V | ((context: ExecutionContext) => V), context: ExecutionContext): V {
  return typeof value === 'function' ? (value as (context: ExecutionContext) => V)(context) : value;
}
