import { BulkheadRejectedError } from '../errors.js';
import { cheapError } from '../common/cheap-error.js';
import { Emitter, type Unsubscribe } from '../common/events.js';
import { abortReason, neverAbortedSignal } from '../common/signal.js';
import { WaitQueue } from '../common/wait-queue.js';
import * as check from '../common/validate.js';
import type { Operation, Policy } from '../policy.js';

/** Options of {@link bulkhead}. */
export interface BulkheadOptions {
  /** Calls allowed in flight at once. */
  limit: number;
  /** Calls allowed to wait for a free slot; beyond, calls are rejected. [0] */
  queue?: number;
}

/** Events of a bulkhead. `context` is the rejected call's (`execute`'s fourth argument), untouched. */
export interface BulkheadEvents<C = unknown> {
  rejected: { limit: number; queue: number; context?: C | undefined };
}

/**
 * Caps the calls in flight, so one slow dependency cannot take every socket,
 * worker or memory the process has. Waiters are served first in, first out; a
 * waiter whose signal aborts leaves the queue at once.
 *
 * @example const pool = bulkhead({ limit: 10, queue: 50 });
 */
export class BulkheadPolicy<C = unknown> implements Policy<C> {
  readonly limit: number;
  readonly queue: number;
  readonly #waiters = new WaitQueue();
  readonly #events = new Emitter<BulkheadEvents<C>>();
  #active = 0;

  constructor(options: BulkheadOptions) {
    check.options('bulkhead options', options);
    check.knownKeys('bulkhead options', options, ['limit', 'queue']);
    this.limit = check.count('limit', options.limit);
    this.queue = check.count('queue', check.or(options.queue, 0), 0);
  }

  /** Calls running now. */
  get active(): number {
    return this.#active;
  }

  /** Calls waiting now. */
  get queued(): number {
    return this.#waiters.length;
  }

  /** Runs `fn` when a slot is free; rejects with {@link BulkheadRejectedError} when slots and queue are full. */
  async execute<T>(fn: Operation<T>, signal: AbortSignal = neverAbortedSignal, attempt = 1, context?: C): Promise<T> {
    if (signal.aborted) throw abortReason(signal);
    if (this.#active >= this.limit) await this.#wait(signal, context);
    else this.#active++;
    try {
      return await fn({ signal, attempt });
    } finally {
      this.#leave();
    }
  }

  /** Subscribes to `'rejected'`; returns the unsubscribe. */
  on<K extends keyof BulkheadEvents<C>>(event: K, listener: (payload: BulkheadEvents<C>[K]) => void): Unsubscribe {
    return this.#events.on(event, listener);
  }

  #wait(signal: AbortSignal, context: C | undefined): Promise<void> {
    if (this.#waiters.length >= this.queue) {
      this.#events.emit('rejected', { limit: this.limit, queue: this.queue, context });
      return Promise.reject(cheapError(() => new BulkheadRejectedError(this.limit, this.queue)));
    }
    return this.#waiters.wait(signal);
  }

  /** Hands the slot to the longest waiter, or frees it. */
  #leave(): void {
    if (!this.#waiters.admitNext()) this.#active--;
  }
}

/**
 * Creates a {@link BulkheadPolicy}.
 *
 * @example await bulkhead({ limit: 4 }).execute(() => render(chart));
 */
export function bulkhead<C = unknown>(options: BulkheadOptions): BulkheadPolicy<C> {
  return new BulkheadPolicy<C>(options);
}
