/**
 * @res/prometheus: Prometheus metrics for res on prom-client — calls, latency,
 * retries, rejections, fallbacks, breaker states and reconnects of every MCP server.
 *
 * @example
 * import { instrument, metricsServer } from '@res/prometheus';
 * instrument(client);                          // into prom-client's global registry
 * await metricsServer({ port: 9464 });         // http://127.0.0.1:9464/metrics
 *
 * @packageDocumentation
 */
export { instrument, type InstrumentOptions, type InstrumentTarget, type ResilientFunctionLike } from './instrument.js';
export { metricsServer, type MetricsServer, type MetricsServerOptions } from './metrics-server.js';
export {
  metricDefinitions,
  seriesNames,
  DURATION_BUCKETS,
  DEFAULT_PREFIX,
  type MetricDefinition,
  type MetricRole,
} from './definitions.js';
export { OTHER_TOOL, OUTCOME_LABEL, STATE_LABEL, REASON_LABEL } from './labels.js';
export type { ObservablePolicy } from './policy-recorder.js';
