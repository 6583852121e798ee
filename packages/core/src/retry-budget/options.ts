import { knownKeys, randomSource, timer } from '../common/option-checks.js';
import * as check from '../common/validate.js';
import type { RetryBudgetOptions } from './types.js';

/** Retry budget options after validation, in Finagle's integer units. */
export interface RetryBudgetSettings {
  ratio: number;
  minPerSecond: number;
  ttl: number;
  /** Units one first attempt deposits. */
  deposit: number;
  /** Units one retry withdraws: `deposit / ratio`, rounded down (so a ratio never allows fewer retries than it says). */
  withdrawal: number;
  /** Units always available: `minPerSecond x ttl / 1000` withdrawals. */
  reserve: number;
}

/** Finagle's scale: deposits are 1000 units so `1 / ratio` stays an exact integer count. */
const SCALE = 1000;
/** Every key `retryBudget()` takes. */
export const RETRY_BUDGET_KEYS: readonly string[] = Object.keys({
  ratio: true, minPerSecond: true, ttl: true, random: true,
} satisfies Record<keyof RetryBudgetOptions, true>); // a key the options gain and this lacks fails to compile

/** Validates once, at construction; throws naming the option and the value. */
export function retryBudgetSettings(options: RetryBudgetOptions = {}): RetryBudgetSettings {
  check.options('retryBudget options', options);
  knownKeys('retryBudget options', options, RETRY_BUDGET_KEYS);
  const ratio = check.rate('ratio', options.ratio ?? 0.2);
  const minPerSecond = check.atLeast('minPerSecond', options.minPerSecond ?? 10, 0);
  const ttl = timer('ttl', options.ttl ?? 10_000, true);
  randomSource(options.random);
  const withdrawal = Math.floor(SCALE / ratio);
  return { ratio, minPerSecond, ttl, deposit: SCALE, withdrawal, reserve: reserveUnits(minPerSecond, ttl, withdrawal) };
}

/**
 * `minPerSecond x ttl / 1000` whole withdrawals, in units. The product is rounded to
 * the nearest whole retry first when float noise is all that separates it from one
 * (0.1 x 30_000 / 1000 is 3.0000000000000004).
 */
export function reserveUnits(minPerSecond: number, ttl: number, withdrawal: number): number {
  const retries = (minPerSecond * ttl) / 1000;
  const whole = Math.abs(retries - Math.round(retries)) < 1e-9 ? Math.round(retries) : retries;
  return Math.floor(whole * withdrawal);
}
