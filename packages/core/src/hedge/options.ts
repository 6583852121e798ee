import { knownKeys, randomSource, timer } from '../common/option-checks.js';
import * as check from '../common/validate.js';
import type { RetryBudget } from '../retry-budget/retry-budget.js';
import { budgetOption } from '../retry/options.js';
import type { AdaptiveDelay, HedgeOptions } from './types.js';

/** An adaptive delay after validation. */
export interface AdaptiveSettings {
  percentile: number;
  window: number;
  refresh: number;
  min: number;
}

/** Hedge options after validation, with every default filled in. */
export interface HedgeSettings {
  maxHedges: number;
  /** A fixed delay, a function of the hedge number, or the adaptive settings. */
  delay: number | ((hedge: number) => number) | AdaptiveSettings;
  budget: RetryBudget | undefined;
  shouldHedge: ((error: unknown) => boolean) | undefined;
  random: () => number;
}

/** Every key `hedge()` takes. */
export const HEDGE_KEYS: readonly string[] = Object.keys({
  maxHedges: true, delay: true, budget: true, shouldHedge: true, random: true,
} satisfies Record<keyof HedgeOptions, true>); // a key the options gain and this lacks fails to compile
const ADAPTIVE_KEYS: readonly string[] = Object.keys({
  percentile: true, window: true, refresh: true, min: true,
} satisfies Record<keyof AdaptiveDelay, true>);

/** Validates once, at construction; throws naming the option and the value. */
export function hedgeSettings(options: HedgeOptions = {}): HedgeSettings {
  check.options('hedge options', options);
  knownKeys('hedge options', options, HEDGE_KEYS);
  return {
    maxHedges: check.count('maxHedges', options.maxHedges ?? 1),
    delay: delaySetting(options.delay ?? 2_000),
    budget: options.budget === undefined ? undefined : budgetOption(options.budget),
    shouldHedge: options.shouldHedge === undefined ? undefined : check.fn('shouldHedge', options.shouldHedge),
    random: randomSource(options.random),
  };
}

function delaySetting(delay: unknown): HedgeSettings['delay'] {
  if (typeof delay === 'number') return timer('delay', delay);
  if (typeof delay === 'function') return delay as (hedge: number) => number;
  const adaptive = check.options('delay', delay as AdaptiveDelay) ?? {};
  knownKeys('hedge delay', adaptive, ADAPTIVE_KEYS, [], 'delay.');
  return {
    percentile: check.rate('delay.percentile', adaptive.percentile ?? 0.95),
    window: timer('delay.window', adaptive.window ?? 30_000, true),
    refresh: timer('delay.refresh', adaptive.refresh ?? 3_000, true),
    min: timer('delay.min', adaptive.min ?? 1),
  };
}
