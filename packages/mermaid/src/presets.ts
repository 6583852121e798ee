import { localPreset, type Preset } from '@res/mcp';

/**
 * Presets for Mermaid-MCP. Every number has its reason in the README.
 *
 * @example createMermaidClient({ preset: 'default' })
 */
export const mermaidPresets = {
  /** A local, CPU-bound render in one cached headless Chromium: time and concurrency matter, not rate. */
  default: {
    ...localPreset,
    timeout: 30_000, // the first call launches the browser (seconds); large diagrams take longer; later calls ~1-2 s
    connectTimeout: 30_000, // a cold `npx -y mcp-mermaid` may install the package first
    failureThreshold: 3, // three renderer failures in a row: the browser is broken
    recoveryTimeout: 30_000, // then probe again after half a minute
    maxAttempts: 2, // one more try, for renderer faults only (syntax errors are never retried)
    backoff: 'fixed',
    baseDelay: 500, // long enough for a crashed browser to be relaunched
    maxDelay: 500,
    jitter: 'none',
    bulkhead: { limit: 2, queue: 8 }, // renders share one browser and one temporary CSS file
  },
} as const satisfies Record<string, Preset>;

/** Names of Mermaid's presets. */
export type MermaidPreset = keyof typeof mermaidPresets;
