import { abortReason, neverAbortedSignal } from '../common/signal.js';
import type { Operation } from '../policy.js';
import { DeadlineContext } from '../timeout/deadline-context.js';
import type { Due } from './schedule.js';

/** What a hedged call asks of its policy. */
export interface HedgeHost {
  readonly maxHedges: number;
  /** Whether `succeeded` needs the call's latency (an adaptive delay). */
  readonly timed: boolean;
  /** Ms before hedge n (1 = the first), counted from the previous attempt's start. */
  delayBefore(hedge: number): number;
  /** Asks the budget for attempt n (>= 2); false stops new hedges for this call. */
  mayHedge(attempt: number): boolean;
  /** Attempt n (>= 2) starts. */
  hedged(attempt: number, reason: 'delay' | 'failure'): void;
  shouldHedge(error: unknown): boolean;
  /** The call succeeded through `attempt`, `latency` ms after it started. */
  succeeded(attempt: number, latency: number): void;
  schedule(entry: Due, due: number): void;
  unschedule(entry: Due): void;
}

/** The reason losers' signals abort with. */
function lost(): DOMException {
  return new DOMException('Another attempt of the hedged call won', 'AbortError');
}

/**
 * One call under a hedge: its attempts, each with its own signal, and the first
 * success. Everything it does after the call ended is a no-op (`#done`), so late
 * outcomes of losers are dropped without being awaited.
 */
export class HedgedCall<T> implements Due {
  /** @internal Schedule list fields. */
  due = Infinity;
  /** @internal */
  prev: Due | undefined;
  /** @internal */
  next: Due | undefined;
  readonly promise: Promise<T>;
  readonly #host: HedgeHost;
  readonly #fn: Operation<T>;
  readonly #signal: AbortSignal;
  readonly #started: number;
  /** One per attempt; each makes its signal only when the attempt reads it (an AbortSignal costs µs). */
  readonly #attempts: DeadlineContext[] = [];
  #resolve!: (value: T) => void;
  #reject!: (error: unknown) => void;
  #failures = 0;
  #firstError: unknown;
  #done = false;
  /** No attempt will start any more (all started, or the budget refused one). */
  #closed: boolean;
  #onAbort: (() => void) | undefined;

  constructor(host: HedgeHost, fn: Operation<T>, signal: AbortSignal, hedging: boolean) {
    this.#host = host;
    this.#fn = fn;
    this.#signal = signal;
    this.#closed = !hedging;
    // Read once, and only when used: a finite first delay is due from here, an adaptive
    // delay's latency is measured from here.
    this.#started = hedging || host.timed ? Date.now() : 0;
    this.promise = new Promise<T>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    // Made only for a signal that can abort (the shared never-aborted one cannot).
    if (signal !== neverAbortedSignal) {
      this.#onAbort = () => {
        this.#aborted();
      };
      signal.addEventListener('abort', this.#onAbort, { once: true });
    }
    this.#start('delay');
  }

  /** @internal The hedge delay passed: start the next attempt. */
  fire(): void {
    if (!this.#done && !this.#closed) this.#start('delay');
  }

  /** Starts the next attempt, and the ones after it at once while their delay is 0; then schedules the next. */
  #start(reason: 'delay' | 'failure'): void {
    const host = this.#host;
    for (;;) {
      const attempt = this.#attempts.length + 1;
      if (attempt > 1) {
        if (!host.mayHedge(attempt)) {
          this.#closed = true;
          this.#endIfAllFailed();
          return;
        }
        host.hedged(attempt, reason);
      }
      this.#run(attempt);
      if (this.#done) return;
      if (attempt > host.maxHedges) {
        this.#closed = true;
        return;
      }
      if (this.#closed) return;
      const delay = host.delayBefore(attempt);
      if (delay === Infinity) {
        this.#closed = true; // an adaptive delay with no percentile: no hedge
        return;
      }
      if (delay > 0) {
        // The first hedge is due `delay` after the call's start; a later one after its attempt's.
        host.schedule(this, (attempt === 1 ? this.#started : Date.now()) + delay);
        return;
      }
      reason = 'delay';
    }
  }

  #run(attempt: number): void {
    const context = new DeadlineContext(attempt);
    this.#attempts.push(context);
    let pending: T | PromiseLike<T>;
    try {
      pending = this.#fn(context);
    } catch (error: unknown) {
      pending = Promise.reject(error);
    }
    Promise.resolve(pending).then(
      (value) => {
        this.#succeeded(value, attempt);
      },
      (error: unknown) => {
        this.#failed(error, attempt);
      },
    );
  }

  #succeeded(value: T, attempt: number): void {
    if (this.#done) return;
    this.#finish(attempt);
    this.#host.succeeded(attempt, this.#host.timed ? Date.now() - this.#started : 0);
    this.#resolve(value);
  }

  #failed(error: unknown, attempt: number): void {
    if (this.#done) return;
    this.#failures++;
    if (attempt === 1) this.#firstError = error;
    if (!this.#host.shouldHedge(error)) {
      this.#finish(attempt);
      this.#reject(error);
      return;
    }
    if (!this.#closed) {
      this.#host.unschedule(this); // the scheduled hedge, if any, is superseded by this one
      this.#start('failure');
    }
    this.#endIfAllFailed();
  }

  #endIfAllFailed(): void {
    if (this.#done || !this.#closed || this.#failures < this.#attempts.length) return;
    this.#finish(0);
    this.#reject(this.#firstError);
  }

  #aborted(): void {
    if (this.#done) return;
    this.#finish(0, abortReason(this.#signal));
    this.#reject(abortReason(this.#signal));
  }

  /** Ends the call: every attempt but `winner` (0: none) aborts now, in this tick. */
  #finish(winner: number, reason?: unknown): void {
    this.#done = true;
    this.#host.unschedule(this);
    if (this.#onAbort !== undefined) this.#signal.removeEventListener('abort', this.#onAbort);
    if (this.#attempts.length === 1 && winner === 1) return;
    const why = reason ?? lost();
    this.#attempts.forEach((context, index) => {
      if (index + 1 !== winner) context.abort(why);
    });
  }
}

