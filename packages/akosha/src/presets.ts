import { localPreset, type Preset } from '@res/mcp';

/**
 * Presets for Akosha. Every number has its reason in the README. Per-tool timeouts
 * (60–120 s for batch embeddings, cross-system search, batch stores and fitness runs)
 * live in the catalog and apply under every preset.
 *
 * @example createAkoshaClient({ preset: 'default' })
 */
export const akoshaPresets = {
  /** A local process doing CPU work: a timeout means overload, so retry little and bound concurrency. */
  default: {
    ...localPreset,
    timeout: 30_000, // covers embedding calls; the first one may load the model
    failureThreshold: 5,
    recoveryTimeout: 30_000, // a local restart plus model load takes tens of seconds
    maxAttempts: 2, // reads only; stores, publishes and fitness runs run once
    backoff: 'exponential',
    baseDelay: 500,
    factor: 2,
    maxDelay: 4_000,
    jitter: 'full',
    bulkhead: { limit: 4, queue: 16 }, // the server applies no limiter: bound the CPU work we queue on it
  },
} as const satisfies Record<string, Preset>;

/** Names of Akosha's presets. */
export type AkoshaPreset = keyof typeof akoshaPresets;
