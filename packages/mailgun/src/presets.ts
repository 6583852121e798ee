import { externalApiPreset, failFastPreset, type Preset } from '@res/mcp';

/**
 * Presets for Mailgun-MCP. Every number has its reason in the README.
 *
 * @example createMailgunClient({ preset: 'interactive' })
 */
export const mailgunPresets = {
  /** One internet round trip per call; the client owns all retrying (the server does none). */
  default: {
    ...externalApiPreset,
    timeout: 20_000, // httpx's 5 s per phase: a call can take 15-20 s before the server gives up
    failureThreshold: 5,
    recoveryTimeout: 60_000,
    maxAttempts: 3, // reads and upserts only; sends, creates and deletes run once
    backoff: 'exponential',
    baseDelay: 1_000,
    maxDelay: 8_000,
    jitter: 'full',
    rateLimit: { tokens: 4, interval: 1_000, burst: 10, maxWait: 5_000 }, // under the server's global 5/s, burst 15
  },
  /** A user is waiting: one attempt, a short timeout, no queueing behind the rate limit. */
  interactive: {
    ...failFastPreset,
    timeout: 10_000,
    rateLimit: { tokens: 4, interval: 1_000, burst: 10, maxWait: 0 },
  },
} as const satisfies Record<string, Preset>;

/** Names of Mailgun's presets. */
export type MailgunPreset = keyof typeof mailgunPresets;
