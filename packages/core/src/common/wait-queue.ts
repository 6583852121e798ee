import { abortReason, neverAbortedSignal } from './signal.js';

/**
 * Callers waiting for a slot (a bulkhead's, an adaptive limit's), served first in,
 * first out. A waiter whose signal aborts leaves the queue at once and rejects with
 * the signal's reason. The slot is handed over by whoever frees it (`admitNext`), so
 * the count of calls in flight can stay counted: no race with newcomers.
 *
 * @example const queue = new WaitQueue(); await queue.wait(signal); // until queue.admitNext()
 */
export class WaitQueue {
  readonly #waiters: (() => void)[] = [];

  /** Callers waiting now. */
  get length(): number {
    return this.#waiters.length;
  }

  /** Resolves when `admitNext` admits this caller; rejects with the abort reason if `signal` aborts first. */
  wait(signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        const index = this.#waiters.indexOf(admit);
        if (index !== -1) this.#waiters.splice(index, 1);
        reject(abortReason(signal));
      };
      const admit = (): void => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      this.#waiters.push(admit);
      // The shared never-aborted signal cannot fire: no listener to pile up on it.
      if (signal !== neverAbortedSignal) signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Admits the caller that has waited longest; false when nobody waits. */
  admitNext(): boolean {
    const next = this.#waiters.shift();
    if (next === undefined) return false;
    next();
    return true;
  }
}
