import { BrokenCircuitError, McpCallError } from '@res/mcp';
import { adapterContract } from '@res/testkit/contract';
import { describe, expect, it, vi } from 'vitest';
import { chartAntvAdapter, chartAntvCatalog, chartAntvPresets, classifyChartAntvError } from '../src/index.js';
import { chartAntvFaults } from '../src/testing.js';

const line = { data: [{ time: '2024', value: 1 }, { time: '2025', value: 2 }] };
// The real server's -32603 messages (@antv/mcp-server-chart 0.9.10, see test/real-server.test.ts).
const failed = chartAntvFaults.renderFailed;

const rig = adapterContract({
  adapter: chartAntvAdapter,
  // Quick backoffs, and a rate limit that never makes the tests wait.
  policy: { baseDelay: 1, maxDelay: 5, jitter: 'none', rateLimit: { tokens: 1_000, interval: 1_000 } },
  // The real server annotates every tool readOnlyHint: so does the fake.
  fake: { annotations: true },
  presets: {
    names: ['default', 'private'],
    default: {
      timeout: 20_000, failureThreshold: 5, recoveryTimeout: 60_000, maxAttempts: 3, backoff: 'exponential',
      baseDelay: 1_000, factor: 2, maxDelay: 8_000, jitter: 'full', rateLimit: { tokens: 5, interval: 1_000, burst: 10, maxWait: 5_000 },
    },
  },
  breaker: {
    tool: 'generate_pie_chart', args: () => ({ data: [{ category: 'a', value: 1 }] }), fault: failed('connect ECONNREFUSED 10.0.0.1:443'), threshold: 5, sent: 15,
    failure: { kind: 'protocol', counted: true, message: expect.stringContaining('unreachable') as unknown }, open: BrokenCircuitError, probe: { tool: 'generate_line_chart', args: line },
  },
  absent: [{ fake: { omit: ['generate_venn_chart'] }, refused: [{ tool: 'generate_venn_chart', args: {} }], dependsOn: 'DISABLED_TOOLS)' }],
});

describe('presets', () => {
  it('private is the default without the rate limit', () => {
    expect(chartAntvPresets.private).toMatchObject({ timeout: 20_000, maxAttempts: 3, failureThreshold: 5 });
    expect(chartAntvPresets.private).not.toHaveProperty('rateLimit');
  });
});

describe('catalog', () => {
  it('has all 27 tools, every one a read', () => {
    expect(Object.keys(chartAntvCatalog)).toHaveLength(27);
    expect(new Set(Object.values(chartAntvCatalog).map((entry) => entry.safety as string))).toEqual(new Set(['read']));
  });
});

describe('against a fake Chart-AntV', () => {
  it('retries a render after the rendering service answered 5xx', async () => {
    const { server, client: charts } = rig.connect({ faults: { generate_line_chart: { type: 'fail-first', count: 2, fault: failed('Request failed with status code 502') } } });
    const result = await charts.call('generate_line_chart', line);
    expect(result.isError).toBeUndefined();
    expect(server.calls('generate_line_chart')).toBe(3);
    expect(charts.health()).toMatchObject({ retries: 2, failures: 0, successes: 1 });
  });

  it('a 429 from the rendering service waits a second before the retry', async () => {
    vi.useFakeTimers();
    // The preset's own backoff (1 s, capped at 8 s), without jitter: the wait is the 429's 1 s.
    const { server, client: charts } = rig.connect({ faults: { generate_bar_chart: { type: 'fail-first', count: 1, fault: failed('Request failed with status code 429') } } }, { policy: { jitter: 'none' } });
    const call = charts.callTool('generate_bar_chart', { data: [{ category: 'a', value: 1 }] });
    await vi.advanceTimersByTimeAsync(999);
    expect(server.calls('generate_bar_chart')).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await call;
    expect(server.calls('generate_bar_chart')).toBe(2);
    expect(charts.health().failures).toBe(0);
  });

  it("the renderer's rejection of the chart and bad arguments are the caller's: not retried, not counted", async () => {
    const { server, client: charts } = rig.connect({ faults: {
      generate_column_chart: failed('chart data is invalid: value must be a number'),
      generate_funnel_chart: { type: 'rpc-error', code: -32602, message: 'Invalid parameters: expected array, received string' },
      generate_radar_chart: failed('Request failed with status code 404'),
    } });
    for (let i = 0; i < 6; i++) await expect(charts.call('generate_column_chart', { data: [] })).rejects.toMatchObject({ kind: 'caller', code: -32603, message: expect.stringContaining('rejected the chart') as unknown });
    await expect(charts.callTool('generate_funnel_chart', { data: 'x' })).rejects.toMatchObject({ kind: 'caller', code: -32602 });
    await expect(charts.call('generate_radar_chart', { data: [] })).rejects.toMatchObject({ kind: 'caller', message: expect.stringContaining('VIS_REQUEST_SERVER') as unknown });
    expect(server.calls()).toBe(8);
    expect(charts.health()).toMatchObject({ state: 'closed', failures: 0, retries: 0 });
  });

  it("a map tool's isError result is retried but not counted", async () => {
    const mapError = chartAntvFaults.mapError('AMap: no POI found');
    const { server, client: charts } = rig.connect({ faults: { generate_pin_map: mapError } });
    for (let i = 0; i < 5; i++) {
      await expect(charts.call('generate_pin_map', { title: 't', data: ['西湖'] })).rejects.toMatchObject({ kind: 'tool', counted: false, message: expect.stringContaining('AMap: no POI found') as unknown });
    }
    expect(server.calls('generate_pin_map')).toBe(15);
    expect(charts.health().state).toBe('closed');
  });

  it('a new tool is retried when the server annotates it read-only, run once otherwise', async () => {
    const extended = { ...chartAntvCatalog, generate_gantt_chart: { safety: 'read', purpose: 'a newer server' }, export_chart: { safety: 'unsafe', purpose: 'a newer server' } } as const;
    const fault = { type: 'fail-first', count: 1, fault: failed('socket hang up') } as const;
    const { server, client: charts } = rig.connect({ catalog: extended, faults: { generate_gantt_chart: fault, export_chart: fault } });
    await charts.callTool('generate_gantt_chart', {});
    expect(server.calls('generate_gantt_chart')).toBe(2);
    await expect(charts.callTool('export_chart', {})).rejects.toBeInstanceOf(McpCallError);
    expect(server.calls('export_chart')).toBe(1);
  });
});

describe('classifyChartAntvError', () => {
  const context = { tool: 'generate_line_chart', safety: 'read' } as const;
  it.each([
    ['Failed to generate chart: Request failed with status code 503', 'failure'],
    ['Failed to generate chart: Request failed with status code 408', 'failure'],
    ['Failed to generate chart: connect ECONNREFUSED 127.0.0.1:9', 'failure'],
    ['Failed to generate chart: socket hang up', 'failure'],
    ['Failed to generate chart: timeout of 1000ms exceeded', 'failure'],
    ['Failed to generate chart: Unknown error.', 'failure'],
    ['Failed to generate chart: service temporarily unavailable', 'failure'],
    ['Failed to generate chart: Request failed with status code 429', 'rate-limit'],
    ['Failed to generate chart: Too many requests, try later', 'rate-limit'],
    ['Failed to generate chart: Request failed with status code 401', 'caller'],
    ['Failed to generate chart: unsupported chart type', 'caller'],
  ])('%s -> %s', (message, kind) => {
    expect(classifyChartAntvError({ code: -32603, message }, context)?.kind).toBe(kind);
  });
  it('keeps the default for other errors', () => {
    expect(classifyChartAntvError({ code: -32603, message: 'Internal server error' }, context)).toBeUndefined();
    expect(classifyChartAntvError({ code: -32000, message: 'Failed to generate chart: x' }, context)).toBeUndefined();
  });
});
