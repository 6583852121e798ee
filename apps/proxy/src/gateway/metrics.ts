import type { StatusRow } from './status-rows.js';

const STATE_VALUE = { closed: 0, 'half-open': 1, open: 2 } as const;

/** A label value in the Prometheus text format (server names are config keys: `[A-Za-z0-9_.-]`, escaped anyway). */
function label(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/**
 * Every server of the status page in the Prometheus text format: calls, failures, retries,
 * rejections, restarts, breaker state (0 closed, 1 half-open, 2 open; a misconfigured server
 * has none), p50/p99. Labels are server names only, never arguments or credentials.
 *
 * @example response.end(gatewayMetrics(statusRows(registry.health(), Date.now())));
 */
export function gatewayMetrics(rows: readonly StatusRow[]): string {
  const families: [string, 'counter' | 'gauge', string, (row: StatusRow) => number | undefined][] = [
    ['res_gateway_calls_total', 'counter', 'Logical tool calls', (r) => r.calls],
    ['res_gateway_failures_total', 'counter', 'Calls that failed', (r) => r.failures],
    ['res_gateway_retries_total', 'counter', 'Retries made', (r) => r.retries],
    ['res_gateway_rejections_total', 'counter', 'Calls rejected without being sent', (r) => r.rejections],
    ['res_gateway_restarts_total', 'counter', 'Restarts by the supervisor', (r) => r.restarts],
    ['res_gateway_breaker_state', 'gauge', 'Breaker state: 0 closed, 1 half-open, 2 open (or held open while restarting)', (r) => (r.state === 'misconfigured' ? undefined : STATE_VALUE[r.state])],
    ['res_gateway_latency_p50_ms', 'gauge', 'Median call latency (ms)', (r) => r.p50],
    ['res_gateway_latency_p99_ms', 'gauge', '99th percentile call latency (ms)', (r) => r.p99],
  ];
  const lines: string[] = [];
  for (const [name, type, help, read] of families) {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const row of rows) {
      const value = read(row);
      if (value !== undefined) lines.push(`${name}{server="${label(row.name)}"} ${value}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
