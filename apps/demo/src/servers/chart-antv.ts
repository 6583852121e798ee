/** Chart-AntV: charts rendered by a remote service; a failed render is JSON-RPC -32603 `Failed to generate chart: …`. */
import { chartAntvAdapter } from '@res/chart-antv';
import { chartAntvFaults } from '@res/chart-antv/testing';
import { defineDemoServer, flaky } from './types.js';

const WEEK = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'];
const chart = (id: string): string => `https://mdn.alipayobjects.com/one_clip/afts/img/${id}/original`;

export const chartAntv = defineDemoServer({
  adapter: chartAntvAdapter,
  title: 'Chart-AntV MCP',
  latencyMs: 150,
  results: {
    generate_line_chart: chart('A*Xq3xR4m8y0cAAAAAAAAAAAAADmJ7AQ'),
    generate_column_chart: chart('A*b1Kc9VnQ2oEAAAAAAAAAAAAADmJ7AQ'),
    generate_pie_chart: chart('A*p7ZsYw3LkT8AAAAAAAAAAAAADmJ7AQ'),
  },
  workload: [
    {
      tool: 'generate_line_chart',
      weight: 3,
      args: (rng) => ({ title: 'p99 latency (ms)', data: WEEK.map((time) => ({ time, value: rng.int(80, 400) })), axisXTitle: 'day', axisYTitle: 'ms' }),
    },
    { tool: 'generate_column_chart', weight: 3, args: (rng) => ({ title: 'Calls per server', data: ['mail', 'draw', 'bookmarks'].map((category) => ({ category, value: rng.int(100, 900) })) }) },
    { tool: 'generate_pie_chart', weight: 2, args: () => ({ title: 'Outcomes', data: [{ category: 'ok', value: 91 }, { category: 'retried', value: 6 }, { category: 'failed', value: 3 }], innerRadius: 0.6 }) },
  ],
  cached: ['generate_pie_chart'],
  timeline: [
    { at: 0.12, label: 'renderer 429 (40%)', faults: { '*': flaky(0.4, chartAntvFaults.renderFailed('Request failed with status code 429')) } },
    { at: 0.26, label: 'rpc-error -32603: renderer 502', faults: { '*': chartAntvFaults.renderFailed('Request failed with status code 502') } },
    { at: 0.46, label: 'slow renders (1.5 s)', faults: { '*': { type: 'slow', ms: 1_500 } } },
    { at: 0.56, label: 'calm', faults: {} },
  ],
});
