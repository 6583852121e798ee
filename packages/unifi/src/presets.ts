import { failFastPreset, type Preset } from '@res/mcp';

/**
 * Presets for UniFi-MCP. Every number has its reason in the README.
 *
 * @example createUnifiClient({ preset: 'default' })
 */
export const unifiPresets = {
  /** A LAN controller is up or it is not: decide fast, retry reads once, stay under the server's bucket. */
  default: {
    ...failFastPreset,
    timeout: 40_000, // the server's 30 s httpx timeout plus a login round trip
    failureThreshold: 3,
    recoveryTimeout: 30_000,
    maxAttempts: 2, // reads and unifi_enable_ap only; the server already repeats once after a re-login
    backoff: 'exponential',
    baseDelay: 1_000,
    factor: 2,
    maxDelay: 5_000,
    jitter: 'full',
    rateLimit: { tokens: 8, interval: 1_000, burst: 16, maxWait: 5_000 }, // under the server's global 10/s, burst 20
  },
} as const satisfies Record<string, Preset>;

/** Names of UniFi's presets. */
export type UnifiPreset = keyof typeof unifiPresets;
