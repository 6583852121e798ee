import type { Catalog } from '@res/mcp';

/**
 * Every tool Chart-AntV MCP registers (antvis/mcp-server-chart v0.9.10): 27 renders,
 * each a `read` (the server itself annotates every one `readOnlyHint: true`). Each call
 * POSTs the chart to the rendering service (`VIS_REQUEST_SERVER`) and returns an image URL.
 * `DISABLED_TOOLS` hides named tools from `tools/list`.
 *
 * @example chartAntvCatalog.generate_line_chart.safety // 'read'
 */
export const chartAntvCatalog = {
  generate_area_chart: { safety: 'read', purpose: 'Area chart of trends over a continuous variable' },
  generate_bar_chart: { safety: 'read', purpose: 'Horizontal bar chart comparing categories' },
  generate_boxplot_chart: { safety: 'read', purpose: 'Box plot of distributions per category' },
  generate_column_chart: { safety: 'read', purpose: 'Vertical column chart comparing categories' },
  generate_district_map: { safety: 'read', purpose: 'Regional (administrative-division) data map; locations in China only', note: 'rendered by the remote service\'s map tool (AMap): its result object is passed through as the MCP result and may carry isError: true' },
  generate_dual_axes_chart: { safety: 'read', purpose: 'Combination chart with two y-axes (e.g. bars plus a line)' },
  generate_fishbone_diagram: { safety: 'read', purpose: 'Fishbone (cause-and-effect) diagram' },
  generate_flow_diagram: { safety: 'read', purpose: 'Flow diagram of process steps and decisions' },
  generate_funnel_chart: { safety: 'read', purpose: 'Funnel chart of stage-by-stage reduction' },
  generate_histogram_chart: { safety: 'read', purpose: 'Histogram of value frequencies' },
  generate_line_chart: { safety: 'read', purpose: 'Line chart of trends over time' },
  generate_liquid_chart: { safety: 'read', purpose: 'Liquid-fill gauge of a single percentage' },
  generate_mind_map: { safety: 'read', purpose: 'Mind map of a central topic and branches' },
  generate_network_graph: { safety: 'read', purpose: 'Network graph of nodes and edges' },
  generate_organization_chart: { safety: 'read', purpose: 'Organisation chart (hierarchy, max depth 3)' },
  generate_path_map: { safety: 'read', purpose: 'Route map of a planned path; locations in China only', note: 'rendered by the remote service\'s map tool (AMap): its result object is passed through as the MCP result and may carry isError: true' },
  generate_pie_chart: { safety: 'read', purpose: 'Pie chart of part-to-whole proportions' },
  generate_pin_map: { safety: 'read', purpose: 'Point map of locations; locations in China only', note: 'rendered by the remote service\'s map tool (AMap): its result object is passed through as the MCP result and may carry isError: true' },
  generate_radar_chart: { safety: 'read', purpose: 'Radar chart of multi-dimensional scores' },
  generate_sankey_chart: { safety: 'read', purpose: 'Sankey chart of flows between stages' },
  generate_scatter_chart: { safety: 'read', purpose: 'Scatter chart of the relation between two variables' },
  generate_spreadsheet: { safety: 'read', purpose: 'Table or pivot table of tabular data' },
  generate_treemap_chart: { safety: 'read', purpose: 'Treemap of hierarchical proportions' },
  generate_venn_chart: { safety: 'read', purpose: 'Venn diagram of set overlaps' },
  generate_violin_chart: { safety: 'read', purpose: 'Violin plot of distributions per category' },
  generate_waterfall_chart: { safety: 'read', purpose: 'Waterfall chart of cumulative positive and negative changes' },
  generate_word_cloud_chart: { safety: 'read', purpose: 'Word cloud sized by frequency or weight' },
} as const satisfies Catalog;

/** The names of Chart-AntV's tools. */
export type ChartAntvTool = keyof typeof chartAntvCatalog;

