/**
 * @res/chart-antv: a resilient client for Chart-AntV MCP (@antv/mcp-server-chart).
 *
 * @example
 * import { createChartAntvClient } from '@res/chart-antv';
 * const charts = createChartAntvClient(); // launches `npx -y @antv/mcp-server-chart` on the first call
 * await charts.call('generate_pie_chart', { data: [{ category: 'a', value: 1 }] });
 *
 * @packageDocumentation
 */
import { defineAdapter, type AdapterClient, type AdapterOptions } from '@res/mcp';
import type { ChartAntvToolArgs } from './args.js';
import { chartAntvCatalog } from './catalog.js';
import { classifyChartAntvError, classifyChartAntvResult } from './classify.js';
import { chartAntvPresets, type ChartAntvPreset } from './presets.js';

/**
 * The Chart-AntV adapter's descriptor (what `defineAdapter` made): its catalog, presets and
 * definition, and `create`, for hosts that serve any adapter (a proxy, a demo) without casts.
 *
 * @example chartAntvAdapter.definition.name // 'chart-antv'
 */
export const chartAntvAdapter = defineAdapter<typeof chartAntvCatalog, ChartAntvToolArgs, Exclude<ChartAntvPreset, 'default'>>({
  name: 'chart-antv',
  packageName: '@res/chart-antv',
  // The server's documented default: stdio through npx.
  launch: { command: 'npx', args: ['-y', '@antv/mcp-server-chart'] },
  tools: chartAntvCatalog,
  presets: chartAntvPresets,
  // Failed renders are thrown as -32603: the message tells an outage from a rejected chart.
  classifyError: classifyChartAntvError,
  // Map tools pass the map service's result through, isError included.
  classifyResult: classifyChartAntvResult,
  env: {
    // The renderer (else the public one), the map record id, hidden tools; and the proxy the
    // server's HTTP client (axios) honours, which the SDK does not pass to a child.
    passthrough: ['VIS_REQUEST_SERVER', 'SERVICE_ID', 'DISABLED_TOOLS', 'HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY'],
  },
  profileEnv: 'DISABLED_TOOLS',
});

/** A resilient Chart-AntV client, typed by its catalog. */
export type ChartAntvClient = AdapterClient<typeof chartAntvCatalog, ChartAntvToolArgs>;

/**
 * Creates a resilient Chart-AntV client. Starts nothing: the server is launched
 * (`npx -y @antv/mcp-server-chart`) on the first call, with `VIS_REQUEST_SERVER`,
 * `SERVICE_ID` and `DISABLED_TOOLS` passed through when set.
 *
 * @example const charts = createChartAntvClient({ env: { VIS_REQUEST_SERVER: 'http://127.0.0.1:3000/api/gpt-vis' }, preset: 'private' });
 */
export function createChartAntvClient(options?: AdapterOptions<Exclude<ChartAntvPreset, 'default'>>): ChartAntvClient {
  return chartAntvAdapter.create(options);
}

export { chartAntvCatalog, type ChartAntvTool } from './catalog.js';
export { chartAntvPresets, type ChartAntvPreset } from './presets.js';
export { classifyChartAntvError, classifyChartAntvResult } from './classify.js';
export type { ChartAntvToolArgs } from './args.js';
