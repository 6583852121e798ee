/**
 * @res/chart-antv/testing: Chart-AntV's failure shapes (see `shared/servers/chart-antv.json`) as
 * faults in @res/testkit's fault language, plain data with no dependency: pass them to
 * `fakeServer(chartAntvCatalog, { faults })` or `setFault`.
 *
 * @example
 * import { chartAntvFaults } from '@res/chart-antv/testing';
 * server.setFault('generate_line_chart', chartAntvFaults.renderFailed('Request failed with status code 502'));
 *
 * @packageDocumentation
 */

/**
 * Chart-AntV's failures (@antv/mcp-server-chart 0.9.10).
 *
 * @example fakeServer(chartAntvCatalog, { faults: { generate_pie_chart: chartAntvFaults.renderFailed('connect ECONNREFUSED 10.0.0.1:443') } });
 */
export const chartAntvFaults = {
  /**
   * A failed render: -32603 `Failed to generate chart: <reason>` (the rendering service's status, a network error, or its verdict).
   *
   * @example chartAntvFaults.renderFailed('Request failed with status code 429');
   */
  renderFailed: (reason: string) => ({ type: 'rpc-error', code: -32603, message: `Failed to generate chart: ${reason}` }) as const,

  /**
   * A map tool passing the map service's `isError` result through.
   *
   * @example chartAntvFaults.mapError('AMap: no POI found');
   */
  mapError: (text: string) => ({ type: 'is-error', text }) as const,
} as const;
