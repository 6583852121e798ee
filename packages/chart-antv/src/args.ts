/**
 * Options every chart takes (width and height in px; the server's defaults 600 × 400).
 * @inline
 */
interface ChartBase {
  theme?: 'default' | 'academy' | 'dark';
  width?: number;
  height?: number;
  title?: string;
}

/**
 * `style` of most charts.
 * @inline
 */
interface ChartStyle {
  backgroundColor?: string;
  palette?: string[];
  /** `'rough'`: hand-drawn. */
  texture?: 'default' | 'rough';
}

/**
 * Titles of a chart's axes.
 * @inline
 */
interface Axes {
  axisXTitle?: string;
  axisYTitle?: string;
}

/** Arguments of Chart-AntV's main tools (their schemas in @antv/mcp-server-chart 0.9.10); the others take an object too. */
export interface ChartAntvToolArgs {
  generate_line_chart: ChartBase & Axes & {
    data: { time: string; value: number; group?: string }[];
    style?: ChartStyle & { startAtZero?: boolean; lineWidth?: number };
  };
  generate_area_chart: ChartBase & Axes & {
    data: { time: string; value: number; group?: string }[];
    stack?: boolean;
    style?: ChartStyle & { lineWidth?: number };
  };
  generate_column_chart: ChartBase & Axes & {
    data: { category: string; value: number; group?: string }[];
    group?: boolean;
    stack?: boolean;
    style?: ChartStyle;
  };
  generate_bar_chart: ChartBase & Axes & {
    data: { category: string; value: number; group?: string }[];
    group?: boolean;
    stack?: boolean;
    style?: ChartStyle;
  };
  generate_pie_chart: ChartBase & {
    data: { category: string; value: number }[];
    /** 0 to 1; e.g. 0.6 makes a donut. */
    innerRadius?: number;
    style?: ChartStyle;
  };
  generate_scatter_chart: ChartBase & Axes & {
    data: { x: number; y: number; group?: string }[];
    style?: ChartStyle;
  };
  generate_histogram_chart: ChartBase & Axes & {
    data: number[];
    binNumber?: number;
    style?: ChartStyle;
  };
  generate_dual_axes_chart: ChartBase & {
    axisXTitle?: string;
    categories: string[];
    series: { type: 'column' | 'line'; data: number[]; axisYTitle?: string }[];
    style?: ChartStyle & { startAtZero?: boolean };
  };
  generate_funnel_chart: ChartBase & {
    data: { category: string; value: number }[];
    style?: ChartStyle;
  };
  generate_radar_chart: ChartBase & {
    data: { name: string; value: number; group?: string }[];
    style?: ChartStyle;
  };
  generate_word_cloud_chart: ChartBase & {
    data: { text: string; value: number }[];
    style?: ChartStyle;
  };
  generate_liquid_chart: ChartBase & {
    /** 0 to 1. */
    percent: number;
    shape?: 'circle' | 'rect' | 'pin' | 'triangle';
    style?: Omit<ChartStyle, 'palette'> & { color?: string };
  };
  generate_pin_map: {
    title: string;
    /** Names of places (points of interest, in Chinese; China only). */
    data: string[];
    markerPopup?: Record<string, unknown>;
    width?: number;
    height?: number;
  };
}
