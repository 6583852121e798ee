import type { MemberHealth } from './registry.js';

const STATE_VALUE = { closed: 0, 'half-open': 1, open: 2, isolated: 3 } as const;

/** A label value in the Prometheus text format (server names are config keys: `[A-Za-z0-9_.-]`, escaped anyway). */
function label(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/**
 * Every server of the gateway in the Prometheus text format: calls, failures, retries,
 * rejections, restarts, breaker state (0 closed, 1 half-open, 2 open, 3 isolated), up, p50/p99.
 * Labels are server names only, never arguments or credentials.
 *
 * @example response.end(gatewayMetrics(registry.health()));
 */
export function gatewayMetrics(members: readonly MemberHealth[]): string {
  const families: [string, 'counter' | 'gauge', string, (member: MemberHealth) => number | undefined][] = [
    ['res_gateway_calls_total', 'counter', 'Logical tool calls', (m) => m.health?.calls],
    ['res_gateway_failures_total', 'counter', 'Calls that failed', (m) => m.health?.failures],
    ['res_gateway_retries_total', 'counter', 'Retries made', (m) => m.health?.retries],
    ['res_gateway_rejections_total', 'counter', 'Calls rejected without being sent', (m) => m.health?.rejections],
    ['res_gateway_restarts_total', 'counter', 'Restarts by the supervisor', (m) => m.restarts],
    ['res_gateway_breaker_state', 'gauge', 'Breaker state: 0 closed, 1 half-open, 2 open, 3 isolated', (m) => (m.health === undefined ? undefined : STATE_VALUE[m.health.state])],
    ['res_gateway_up', 'gauge', '1 while the server is connected', (m) => (m.health?.connected === true ? 1 : 0)],
    ['res_gateway_latency_p50_ms', 'gauge', 'Median call latency (ms)', (m) => m.health?.latencyMs.p50],
    ['res_gateway_latency_p99_ms', 'gauge', '99th percentile call latency (ms)', (m) => m.health?.latencyMs.p99],
  ];
  const lines: string[] = [];
  for (const [name, type, help, read] of families) {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const member of members) {
      const value = read(member);
      if (value !== undefined) lines.push(`${name}{server="${label(member.name)}"} ${value}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
