import { localPreset, type Preset } from '@res/mcp';

/**
 * Presets for Excalidraw-MCP. Every number has its reason in the README.
 * Per-tool numbers (60 s and a single attempt for POST-backed tools, 45 s for
 * `health_check`) live in the catalog and apply under every preset.
 *
 * @example createExcalidrawClient({ preset: 'default' })
 */
export const excalidrawPresets = {
  /** A local server in front of a local canvas: fast calls, quick recovery. */
  default: {
    ...localPreset,
    timeout: 15_000, // the server's 10 s canvas timeout plus margin (non-POST tools)
    failureThreshold: 5,
    recoveryTimeout: 30_000, // a canvas restart (auto-started by the server) takes seconds
    maxAttempts: 2, // reads and PUT-backed updates only; POST-backed tools get 1 in the catalog
    backoff: 'exponential',
    baseDelay: 250,
    factor: 2,
    maxDelay: 2_000,
    jitter: 'full',
  },
} as const satisfies Record<string, Preset>;

/** Names of Excalidraw's presets. */
export type ExcalidrawPreset = keyof typeof excalidrawPresets;
