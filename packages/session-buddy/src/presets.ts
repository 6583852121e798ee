import { localPreset, type Preset } from '@res/mcp';

/**
 * Presets for Session-Buddy. Every number has its reason in the README; the lifecycle
 * tools' longer timeouts are in the catalog (`start`, `checkpoint`, `end`: 120 s).
 *
 * @example createSessionBuddyClient({ preset: 'default' })
 */
export const sessionBuddyPresets = {
  /** A local process over DuckDB and a local embedding server: ride out a locked database, probe again soon. */
  default: {
    ...localPreset,
    timeout: 30_000, // covers a local embedding call on store and search
    failureThreshold: 5,
    recoveryTimeout: 15_000, // a local process restarts in seconds
    maxAttempts: 3, // reads and idempotent tools only: rides out "database is locked"
    backoff: 'exponential',
    baseDelay: 200,
    factor: 2,
    maxDelay: 2_000,
    jitter: 'full',
  },
} as const satisfies Record<string, Preset>;

/** Names of Session-Buddy's presets. */
export type SessionBuddyPreset = keyof typeof sessionBuddyPresets;
