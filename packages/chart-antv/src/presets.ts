import { externalApiPreset, type Preset } from '@res/mcp';

/** One internet round trip to the rendering service per call; the server neither times out nor retries. */
const base = {
  ...externalApiPreset,
  timeout: 20_000, // several times the usual 0.5-5 s render; the server's own request has no timeout at all
  failureThreshold: 5,
  recoveryTimeout: 60_000,
  maxAttempts: 3, // every tool is a read: a repeat only renders the chart again
  backoff: 'exponential',
  baseDelay: 1_000,
  factor: 2,
  maxDelay: 8_000,
  jitter: 'full',
} as const satisfies Preset;

/**
 * Presets for Chart-AntV. Every number has its reason in the README.
 *
 * @example createChartAntvClient({ preset: 'private' })
 */
export const chartAntvPresets = {
  /** The public renderer (antv-studio.alipay.com): also a polite rate limit, its own limits being undocumented. */
  default: {
    ...base,
    rateLimit: { tokens: 5, interval: 1_000, burst: 10, maxWait: 5_000 },
  },
  /** Your own GPT-Vis-SSR deployment (`VIS_REQUEST_SERVER`): the same, without the politeness cap. */
  private: base,
} as const satisfies Record<string, Preset>;

/** Names of Chart-AntV's presets. */
export type ChartAntvPreset = keyof typeof chartAntvPresets;
