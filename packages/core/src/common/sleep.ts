import { abortReason, neverAbortedSignal } from './signal.js';

/** The longest delay `setTimeout` holds. */
const MAX_TIMER = 2_147_483_647;

/**
 * Waits `ms`, or rejects with the signal's reason the moment it aborts.
 * The timer is ref'd: a wait belongs to a call in progress and must keep the
 * process alive. Timer and listener are both removed when the wait ends.
 *
 * @example await sleep(500, controller.signal); // rejects with the reason at once on abort
 */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  // setTimeout fires a delay over 2^31 - 1 ms at once: a longer wait (a rate limit's queue) is chained.
  if (ms > MAX_TIMER) return sleep(MAX_TIMER, signal).then(() => sleep(ms - MAX_TIMER, signal));
  // The shared never-aborted signal cannot fire: listening to it would only pile up
  // listeners across concurrent waits (and trip Node's "possible memory leak" warning).
  if (signal === neverAbortedSignal) return new Promise<void>((resolve) => setTimeout(resolve, ms));
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
