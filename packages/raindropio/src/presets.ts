import { externalApiPreset, type Preset } from '@res/mcp';

/** The server retries every call itself (up to 4 attempts): the client makes one. */
const oneAttempt = {
  ...externalApiPreset,
  timeout: 50_000, // the server's 4 attempts x 10 s (RAINDROP_REQUEST_TIMEOUT=10, set by the default launch) + 3.5 s of its sleeps
  connectTimeout: 15_000, // a cold Python interpreter importing FastMCP and mcp-common takes seconds
  failureThreshold: 5,
  recoveryTimeout: 60_000, // Raindrop's rate window is a minute
  maxAttempts: 1, // the server already makes up to 4 attempts of every call, creates included
  backoff: 'exponential',
  baseDelay: 2_000, // used only for reads a caller opts into retrying (tools: { … retry })
  maxDelay: 60_000, // so a 429's 60 s retryAfter is honoured (retry waits are capped at maxDelay)
  jitter: 'full',
  rateLimit: { tokens: 100, interval: 60_000, burst: 10, maxWait: 10_000 }, // under Raindrop's 120/min per user, room left for the server's retries
} as const satisfies Preset;

/**
 * Presets for RaindropIO-MCP. Every number has its reason in the README.
 *
 * @example createRaindropClient({ preset: 'patient' })
 */
export const raindropPresets = {
  default: oneAttempt,
  /** A server running with its own defaults (30 s per attempt): a failing call lasts up to ~124 s. */
  patient: { ...oneAttempt, timeout: 130_000 },
} as const satisfies Record<string, Preset>;

/** Names of RaindropIO's presets. */
export type RaindropPreset = keyof typeof raindropPresets;
