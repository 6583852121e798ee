import * as check from '../common/validate.js';
import type { Backoff, Jitter } from './backoff.js';
import type { RetryBudget } from '../retry-budget/retry-budget.js';
import type { RetryInfo, RetryOptions } from './types.js';

/** Retry options after validation, with every default filled in. */
export interface RetrySettings<C = unknown> {
  maxAttempts: number;
  backoff: Backoff;
  baseDelay: number;
  factor: number;
  maxDelay: number;
  jitter: Jitter;
  retryOn: ((error: unknown, attempt: number) => boolean) | undefined;
  onRetry: ((info: RetryInfo<C>) => void) | undefined;
  maxElapsed: number | undefined;
  budget: RetryBudget | undefined;
}

const BACKOFFS = ['fixed', 'linear', 'exponential'] as const;
/** Every key `retry()` takes. */
export const RETRY_KEYS: readonly string[] = Object.keys({
  maxAttempts: true, backoff: true, baseDelay: true, factor: true, maxDelay: true, jitter: true,
  retryOn: true, onRetry: true, maxElapsed: true, budget: true,
} satisfies Record<keyof RetryOptions, true>); // a key RetryOptions gains and this lacks fails to compile
const JITTERS = ['none', 'full', 'equal', 'decorrelated'] as const;

/** Validates once, at construction; throws naming the option and the value. */
export function retrySettings<C>(options: RetryOptions<C> = {}): RetrySettings<C> {
  check.options('retry options', options);
  check.knownKeys('retry options', options, RETRY_KEYS);
  const backoff = check.or(options.backoff, 'exponential');
  return {
    maxAttempts: check.count('maxAttempts', check.or(options.maxAttempts, 3)),
    backoff: typeof backoff === 'function' ? backoff : check.oneOf('backoff', backoff, BACKOFFS),
    baseDelay: check.duration('baseDelay', check.or(options.baseDelay, 100)),
    factor: check.atLeast('factor', check.or(options.factor, 2), 1),
    maxDelay: check.duration('maxDelay', check.or(options.maxDelay, 30_000)),
    jitter: check.oneOf('jitter', check.or(options.jitter, 'full'), JITTERS),
    retryOn: options.retryOn === undefined ? undefined : check.fn('retryOn', options.retryOn),
    onRetry: options.onRetry === undefined ? undefined : check.fn('onRetry', options.onRetry),
    maxElapsed: options.maxElapsed === undefined ? undefined : check.duration('maxElapsed', options.maxElapsed),
    budget: options.budget === undefined ? undefined : budgetOption(options.budget),
  };
}

/** A retry budget: anything with `deposit()` and `tryWithdraw()` (a `RetryBudget`, or one shared elsewhere). */
export function budgetOption(budget: unknown): RetryBudget {
  const candidate = budget as Partial<RetryBudget> | null;
  if (typeof candidate?.deposit !== 'function' || typeof candidate.tryWithdraw !== 'function') {
    throw new TypeError('budget must be a RetryBudget (from retryBudget()), with deposit() and tryWithdraw()');
  }
  return budget as RetryBudget;
}
