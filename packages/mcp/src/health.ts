import type { CircuitBreaker, CircuitState } from '@res/core';
import type { ErrorKind } from './errors.js';
import type { CallOutcome } from './events.js';
import type { BeyondHealth } from './policies/types.js';

/**
 * `client.health()`: a snapshot, safe to log (no arguments, no environment values).
 * `retryBudget`, `hedges`, `concurrency`, `throttle` and `chaos` are there when the policy sets them.
 */
export interface Health extends BeyondHealth {
  name: string;
  connected: boolean;
  /** The server breaker's state (with per-tool breakers: the worst of them). */
  state: CircuitState;
  /** Logical tool calls (not attempts). */
  calls: number;
  successes: number;
  /** Calls that failed (rejections and caller errors not included). */
  failures: number;
  /** Retries made (attempts after the first). */
  retries: number;
  /** Calls rejected without being sent: breaker open, bulkhead full, rate limit. */
  rejections: number;
  /** Calls answered by a fallback (stale cache or function). */
  fallbacks: number;
  /** New sessions built after the first (crash, close, server restart). */
  reconnects: number;
  /** Calls in progress now. */
  inFlight: number;
  lastError?: { tool: string; kind: ErrorKind | 'circuit-open' | 'bulkhead' | 'rate-limit' | 'throttled'; message: string; at: number };
  /** Latency of recent calls (fallbacks and failures included, rejections not). */
  latencyMs: { p50: number; p99: number };
  /** Per-tool breaker states, when the breaker scope is `'tool'`. */
  tools?: Record<string, CircuitState>;
}

const SEVERITY: Record<CircuitState, number> = { closed: 0, 'half-open': 1, open: 2, isolated: 3 };

/** The counters behind `health()`. */
export class ClientHealth {
  calls = 0;
  successes = 0;
  failures = 0;
  retries = 0;
  rejections = 0;
  fallbacks = 0;
  reconnects = 0;
  inFlight = 0;
  lastError: Health['lastError'];
  readonly #latency = new LatencyWindow();

  constructor(readonly name: string) {}

  end(outcome: CallOutcome, durationMs: number): void {
    if (outcome === 'success') this.successes++;
    if (outcome !== 'rejected' && outcome !== 'aborted') this.#latency.record(durationMs);
  }

  snapshot(connected: boolean, breakers: Map<string | undefined, CircuitBreaker>): Health {
    let state: CircuitState = 'closed';
    let tools: Record<string, CircuitState> | undefined;
    for (const [tool, breaker] of breakers) {
      const current = breaker.state;
      if (tool !== undefined) (tools ??= {})[tool] = current;
      if (SEVERITY[current] > SEVERITY[state]) state = current;
    }
    const health: Health = {
      name: this.name,
      connected,
      state,
      calls: this.calls,
      successes: this.successes,
      failures: this.failures,
      retries: this.retries,
      rejections: this.rejections,
      fallbacks: this.fallbacks,
      reconnects: this.reconnects,
      inFlight: this.inFlight,
      latencyMs: this.#latency.percentiles(),
    };
    if (this.lastError !== undefined) health.lastError = { ...this.lastError };
    if (tools !== undefined) health.tools = tools;
    return health;
  }
}

/**
 * Recent call latencies in a fixed ring, so memory stays flat whatever the
 * traffic; percentiles are computed only when asked (by `health()`).
 */
export class LatencyWindow {
  readonly #samples: Float64Array;
  #next = 0;
  #filled = 0;

  constructor(size = 512) {
    this.#samples = new Float64Array(size);
  }

  record(ms: number): void {
    this.#samples[this.#next] = ms;
    this.#next = (this.#next + 1) % this.#samples.length;
    if (this.#filled < this.#samples.length) this.#filled++;
  }

  /** p50 and p99 (nearest rank) of the recent calls, in ms; 0 when none. */
  percentiles(): { p50: number; p99: number } {
    if (this.#filled === 0) return { p50: 0, p99: 0 };
    const sorted = this.#samples.slice(0, this.#filled).sort();
    return { p50: nearestRank(sorted, 0.5), p99: nearestRank(sorted, 0.99) };
  }
}

/** The nearest-rank percentile of sorted samples. */
export function nearestRank(sorted: Float64Array, quantile: number): number {
  const rank = Math.max(1, Math.ceil(quantile * sorted.length));
  return Math.round((sorted[rank - 1] ?? 0) * 100) / 100;
}
