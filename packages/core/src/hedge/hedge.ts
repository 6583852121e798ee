import { Emitter, type Unsubscribe } from '../common/events.js';
import { abortReason, isAbortError, neverAbortedSignal } from '../common/signal.js';
import type { Operation, Policy } from '../policy.js';
import { HedgedCall, type HedgeHost } from './hedged-call.js';
import { hedgeSettings, type AdaptiveSettings, type HedgeSettings } from './options.js';
import { LatencyWindow } from './percentile.js';
import { HedgeSchedule } from './schedule.js';
import type { HedgeEvents, HedgeOptions, HedgeStats } from './types.js';

/**
 * Hedged requests (gRPC, Polly): when a call has not settled after `delay`, the
 * same call is sent again, up to `maxHedges` extra times; the first success wins
 * and every other attempt's signal aborts at once. Trades a little extra load for
 * a much shorter tail. Hedge only calls that are safe to send twice (reads,
 * idempotent writes).
 *
 * @example const policy = hedge({ maxHedges: 1, delay: { percentile: 0.95 } });
 */
export class HedgePolicy implements Policy {
  /** Extra attempts at most. */
  readonly maxHedges: number;
  readonly #settings: HedgeSettings;
  readonly #adaptive: AdaptiveSettings | undefined;
  readonly #latencies: LatencyWindow | undefined;
  readonly #schedule = new HedgeSchedule();
  readonly #events = new Emitter<HedgeEvents>();
  /** What each call asks of this policy (made once, not per call). */
  readonly #host: HedgeHost;
  /** The adaptive delay now (undefined: no percentile yet, so no hedge). */
  #adaptiveDelay: number | undefined;
  #nextRefresh = 0;
  #calls = 0;
  #hedges = 0;
  #wins = 0;
  #refusals = 0;

  constructor(options: HedgeOptions = {}) {
    this.#settings = hedgeSettings(options);
    this.maxHedges = this.#settings.maxHedges;
    const delay = this.#settings.delay;
    if (typeof delay === 'object') {
      this.#adaptive = delay;
      this.#latencies = new LatencyWindow(delay.window);
      this.#nextRefresh = Date.now() + delay.refresh;
    }
    this.#host = {
      maxHedges: this.maxHedges,
      timed: typeof delay === 'object',
      delayBefore: (hedge) => this.#delayBefore(hedge),
      mayHedge: (attempt) => this.#mayHedge(attempt),
      hedged: (attempt, reason) => {
        this.#hedged(attempt, reason);
      },
      shouldHedge: (error) => this.#shouldHedge(error),
      succeeded: (attempt, latency) => {
        this.#succeeded(attempt, latency);
      },
      schedule: (entry, due) => {
        this.#schedule.add(entry, due);
      },
      unschedule: (entry) => {
        this.#schedule.remove(entry);
      },
    };
  }

  /**
   * Runs `fn`, and again after each `delay` while no attempt has settled; resolves
   * with the first success. Each attempt gets its own `signal` and `attempt` (1, 2, …).
   */
  execute<T>(fn: Operation<T>, signal: AbortSignal = neverAbortedSignal): Promise<T> {
    if (signal.aborted) return Promise.reject(abortReason(signal));
    this.#calls++;
    this.#settings.budget?.deposit();
    return new HedgedCall(this.#host, fn, signal, this.#hedging()).promise;
  }

  /** Counts since creation, and the delay before a first hedge now. */
  stats(): HedgeStats {
    return { calls: this.#calls, hedges: this.#hedges, wins: this.#wins, refusals: this.#refusals, delay: this.#firstDelay() };
  }

  /** Subscribes to `'hedge' | 'refused'`; returns the unsubscribe. */
  on<K extends keyof HedgeEvents>(event: K, listener: (payload: HedgeEvents[K]) => void): Unsubscribe {
    return this.#events.on(event, listener);
  }

  #delayBefore(hedge: number): number {
    const delay = this.#settings.delay;
    if (typeof delay === 'number') return delay;
    if (typeof delay === 'function') {
      const ms = delay(hedge);
      return ms >= 0 ? ms : 0; // NaN or negative: no wait, like a backoff function
    }
    return this.#adaptiveDelay ?? Infinity;
  }

  #mayHedge(attempt: number): boolean {
    const budget = this.#settings.budget;
    if (budget === undefined || budget.tryWithdraw()) return true;
    this.#refusals++;
    this.#events.emit('refused', { attempt });
    return false;
  }

  #hedged(attempt: number, reason: 'delay' | 'failure'): void {
    this.#hedges++;
    if (this.#events.has('hedge')) this.#events.emit('hedge', { attempt, reason });
  }

  #shouldHedge(error: unknown): boolean {
    const accept = this.#settings.shouldHedge;
    return accept === undefined ? !isAbortError(error) : accept(error);
  }

  #succeeded(attempt: number, latency: number): void {
    if (attempt > 1) this.#wins++;
    this.#latencies?.record(Date.now(), latency);
  }

  /** Whether this call may hedge: always, except with an adaptive delay that has no percentile yet. */
  #hedging(): boolean {
    const adaptive = this.#adaptive;
    if (adaptive === undefined) return true;
    const now = Date.now();
    if (now >= this.#nextRefresh) {
      const observed = this.#latencies?.percentile(now, adaptive.percentile);
      this.#adaptiveDelay = observed === undefined ? undefined : Math.max(adaptive.min, observed);
      // Whole refresh periods since creation, so a quiet spell does not shift the phase.
      this.#nextRefresh += (Math.floor((now - this.#nextRefresh) / adaptive.refresh) + 1) * adaptive.refresh;
    }
    return this.#adaptiveDelay !== undefined;
  }

  #firstDelay(): number | undefined {
    if (this.#adaptive !== undefined) return this.#adaptiveDelay;
    return this.#delayBefore(1);
  }
}

/**
 * Creates a {@link HedgePolicy}. Options are validated at once.
 *
 * @example const reads = pipeline(hedge({ delay: 200, budget: retryBudget() }), timeout(2_000));
 */
export function hedge(options?: HedgeOptions): HedgePolicy {
  return new HedgePolicy(options);
}
