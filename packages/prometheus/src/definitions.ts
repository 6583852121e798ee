/**
 * What @res/prometheus exports: every metric's name (without the prefix), type,
 * help text and labels, in one place. Dashboards, alert rules and their tests
 * are checked against this list.
 */

/** Histogram buckets of call durations, in seconds: 1 ms to 10 min. */
export const DURATION_BUCKETS: readonly number[] = Object.freeze([
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600,
]);

/** One metric of the set. */
export interface MetricDefinition {
  /** The name after the prefix, e.g. `'calls_total'`. */
  readonly name: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
  readonly help: string;
  readonly labelNames: readonly string[];
}

/**
 * Every metric, keyed by its role. Label values are bounded: `tool` is a known tool
 * name or `other`; `outcome`, `reason`, `state`, `from`, `to`, `by` and `kind` take the values listed in the help.
 *
 * @example metricDefinitions.calls.name; // 'calls_total'
 */
export const metricDefinitions = Object.freeze({
  calls: { name: 'calls_total', type: 'counter', help: 'Logical tool calls by how they ended: success, failure, timeout, rejected, fallback, caller_error, aborted.', labelNames: ['server', 'tool', 'outcome'] },
  duration: { name: 'call_duration_seconds', type: 'histogram', help: 'Duration of logical tool calls, retries and waits included (rejected and aborted calls not observed).', labelNames: ['server', 'tool'] },
  retries: { name: 'retries_total', type: 'counter', help: 'Retries made (attempts after the first), tool calls and other requests alike.', labelNames: ['server', 'tool'] },
  rejections: { name: 'rejections_total', type: 'counter', help: 'Calls rejected without being sent, by reason: circuit_open, bulkhead, rate_limit.', labelNames: ['server', 'tool', 'reason'] },
  fallbacks: { name: 'fallbacks_total', type: 'counter', help: 'Calls answered by a fallback (stale cache or function) instead of the server.', labelNames: ['server', 'tool'] },
  breakerState: { name: 'breaker_state', type: 'gauge', help: 'Circuit breaker state: 1 for the current state (closed, open, half_open, isolated), 0 for the others. `tool` is set for per-tool breakers only.', labelNames: ['server', 'tool', 'state'] },
  transitions: { name: 'breaker_transitions_total', type: 'counter', help: 'Circuit breaker state changes, by from and to state.', labelNames: ['server', 'tool', 'from', 'to'] },
  reconnects: { name: 'reconnects_total', type: 'counter', help: 'New sessions built after the first one (crash, close, server restart).', labelNames: ['server'] },
  connected: { name: 'connected', type: 'gauge', help: '1 while a session with the server is up, else 0.', labelNames: ['server'] },
  budgetRefusals: { name: 'retry_budget_refusals_total', type: 'counter', help: "Retries and hedges the server's retry budget refused, by what asked: retry, hedge.", labelNames: ['server', 'tool', 'by'] },
  budgetBalance: { name: 'retry_budget_balance', type: 'gauge', help: "Whole retries (or hedges) the server's retry budget allows now, read at scrape time.", labelNames: ['server'] },
  hedges: { name: 'hedges_total', type: 'counter', help: 'Hedged requests sent: extra attempts of a read or idempotent tool call still unanswered after the hedge delay.', labelNames: ['server', 'tool'] },
  hedgeWins: { name: 'hedge_wins_total', type: 'counter', help: 'Calls answered first by a hedge (the other attempts were cancelled).', labelNames: ['server', 'tool'] },
  concurrencyLimit: { name: 'concurrency_limit', type: 'gauge', help: "The server's adaptive concurrency limit now, read at scrape time.", labelNames: ['server'] },
  throttleProbability: { name: 'throttle_probability', type: 'gauge', help: 'The probability a call is rejected by client-side throttling now (0 to 1), read at scrape time.', labelNames: ['server'] },
  chaosInjected: { name: 'chaos_injected_total', type: 'counter', help: 'Attempts into which chaos injected a fault or latency (game days), by kind: fault, latency.', labelNames: ['server', 'tool', 'kind'] },
} as const satisfies Record<string, MetricDefinition>);

/** The roles of the metric set. */
export type MetricRole = keyof typeof metricDefinitions;

/** The default prefix. */
export const DEFAULT_PREFIX = 'res_';

/**
 * Every series name a scrape can show for this prefix, histograms' `_bucket`,
 * `_sum` and `_count` included: what a PromQL expression may reference.
 *
 * @example seriesNames(); // ['res_calls_total', 'res_call_duration_seconds_bucket', …]
 */
export function seriesNames(prefix: string = DEFAULT_PREFIX): string[] {
  const names: string[] = [];
  for (const definition of Object.values(metricDefinitions) as MetricDefinition[]) {
    const name = prefix + definition.name;
    if (definition.type === 'histogram') names.push(`${name}_bucket`, `${name}_sum`, `${name}_count`);
    else names.push(name);
  }
  return names;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** Checks a prefix: empty, or the start of a valid Prometheus metric name. */
export function checkPrefix(prefix: unknown): string {
  if (typeof prefix !== 'string' || (prefix !== '' && !METRIC_NAME.test(prefix))) {
    throw new TypeError(`prefix must match ${METRIC_NAME.source} (or be ''), got ${JSON.stringify(prefix)}`);
  }
  return prefix;
}
