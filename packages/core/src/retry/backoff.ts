/**
 * Delay maths, as pure functions: the backoff curve, its cap, then jitter.
 * `random` is injected (default `Math.random`) so properties can be tested.
 */

/** The shape of the delays. A function gets n (1 for the first retry) and returns ms. */
export type Backoff = 'fixed' | 'linear' | 'exponential' | ((retry: number) => number);

/** How delays are spread so that many clients do not retry in step. */
export type Jitter = 'none' | 'full' | 'equal' | 'decorrelated';

/** The inputs of {@link retryDelay}. */
export interface DelayOptions {
  backoff: Backoff;
  baseDelay: number;
  factor: number;
  maxDelay: number;
  jitter: Jitter;
}

/**
 * The delay before retry n (1 = first retry) without jitter, capped at `maxDelay`:
 * fixed `base`; linear `base * n`; exponential `base * factor^(n-1)`.
 *
 * @example backoffDelay(3, { backoff: 'exponential', baseDelay: 100, factor: 2, maxDelay: 30_000 }) // 400
 */
export function backoffDelay(retry: number, options: Omit<DelayOptions, 'jitter'>): number {
  const { backoff, baseDelay, factor, maxDelay } = options;
  let delay: number;
  if (backoff === 'fixed') delay = baseDelay;
  else if (backoff === 'linear') delay = baseDelay * retry;
  else if (backoff === 'exponential') delay = baseDelay * factor ** (retry - 1);
  else delay = backoff(retry);
  if (!(delay >= 0)) delay = 0; // a custom function returning NaN or a negative waits nothing
  return Math.min(delay, maxDelay);
}

/**
 * Applies jitter to a capped delay `d`: `'none'` d; `'full'` a draw in [0, d];
 * `'equal'` a draw in [d/2, d]; `'decorrelated'` (AWS) a draw in
 * [base, max(base, 3 x previous)], capped at `maxDelay`, growing from the previous delay.
 *
 * @example applyJitter(400, 'equal', { baseDelay: 100, maxDelay: 30_000, previous: 200 }) // 200..400
 */
export function applyJitter(
  delay: number,
  jitter: Jitter,
  context: { baseDelay: number; maxDelay: number; previous: number },
  random: () => number = Math.random,
): number {
  switch (jitter) {
    case 'none':
      return delay;
    case 'full':
      return random() * delay;
    case 'equal':
      return delay / 2 + random() * (delay / 2);
    case 'decorrelated': {
      const low = Math.min(context.baseDelay, context.maxDelay);
      const high = Math.min(context.maxDelay, Math.max(low, context.previous * 3));
      return low + random() * (high - low);
    }
  }
}

/**
 * The delay before retry n: the backoff curve capped at `maxDelay`, then jittered.
 * `previous` is the delay before the last retry (for decorrelated jitter; `baseDelay` at first).
 *
 * @example retryDelay(1, { backoff: 'fixed', baseDelay: 100, factor: 2, maxDelay: 1000, jitter: 'none' }, 100) // 100
 */
export function retryDelay(
  retry: number,
  options: DelayOptions,
  previous: number,
  random: () => number = Math.random,
): number {
  return applyJitter(backoffDelay(retry, options), options.jitter, { ...options, previous }, random);
}
