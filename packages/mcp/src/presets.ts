import type { Preset, PresetName } from './types.js';

/**
 * A server on the internet behind an API (email, bookmarks, SaaS): slow tails,
 * transient 5xx and 429s, outages that last minutes.
 *
 * @example new ResilientClient({ name: 'mail', connect, preset: 'external-api' });
 */
export const externalApiPreset: Preset = Object.freeze({
  timeout: 30_000, // one internet round trip plus the API's own work; the SDK's 60 s default is too patient
  connectTimeout: 10_000, // spawn or reach the server and initialize: seconds, not minutes
  failureThreshold: 5, // five logical calls in a row (each already retried) is an outage, not noise
  recoveryTimeout: 60_000, // typical recovery window of a hosted API
  halfOpenMaxCalls: 1, // one probe, so a recovering API is not stampeded
  maxAttempts: 3, // the first call and two retries (safe tools only)
  backoff: 'exponential',
  baseDelay: 1_000, // 1 s, 2 s: long enough for a 429 or a blip to pass
  maxDelay: 10_000, // never wait longer than a human would
  jitter: 'full', // spread retries of many clients
  // Retries add at most 20 % to the load of first calls (Finagle's default), so an outage of
  // a shared API is not tripled by every client retrying; the reserve of 10/s x 10 s = 100
  // retries keeps a quiet client's few retries working.
  retryBudget: Object.freeze({ ratio: 0.2, minPerSecond: 10, ttl: 10_000 }),
});

/**
 * A server on this machine (stdio child, local HTTP): fast, but it can crash or
 * hang; a crash is fixed by a respawn, so retry soon and probe soon.
 *
 * @example new ResilientClient({ name: 'mermaid', connect: { command: 'npx', args: ['mcp-mermaid'] }, preset: 'local' });
 */
export const localPreset: Preset = Object.freeze({
  timeout: 10_000, // local work answers in ms to seconds; ten seconds means it hangs
  connectTimeout: 10_000, // a cold `npx` or interpreter start can take seconds
  failureThreshold: 3, // a local server that fails three calls in a row is broken
  recoveryTimeout: 10_000, // a respawn is cheap: try again soon
  halfOpenMaxCalls: 1,
  maxAttempts: 2, // one retry, on a fresh process when the old one crashed
  backoff: 'fixed',
  baseDelay: 200, // enough for a respawn to start
  maxDelay: 2_000,
  jitter: 'equal', // keep a floor: no instant re-spawn loops
});

/**
 * Long-running work (workflow orchestration, agents): calls take minutes, and a
 * failed run is costly to repeat.
 *
 * @example new ResilientClient({ name: 'mahavishnu', connect, preset: 'workflow' });
 */
export const workflowPreset: Preset = Object.freeze({
  timeout: 300_000, // five minutes per attempt, as Mahavishnu's own examples bound a workflow
  connectTimeout: 15_000,
  failureThreshold: 3, // three failed runs in a row: stop feeding it work
  recoveryTimeout: 120_000, // orchestrators recover slowly (Mahavishnu's own 120 s)
  halfOpenMaxCalls: 1,
  maxAttempts: 2, // a long call is retried once, and only when safe
  backoff: 'linear',
  baseDelay: 5_000,
  maxDelay: 30_000,
  jitter: 'equal',
});

/**
 * A dependency the application cannot do without (payments, a source of truth):
 * tolerate more before opening, retry more, probe carefully.
 *
 * @example new ResilientClient({ name: 'billing', connect, preset: 'critical' });
 */
export const criticalPreset: Preset = Object.freeze({
  timeout: 30_000,
  connectTimeout: 10_000,
  failureThreshold: 10, // open reluctantly: rejecting calls costs more than waiting
  recoveryTimeout: 300_000, // once open, give it five minutes (Prior Art's conservative 300 s)
  halfOpenMaxCalls: 1,
  successThreshold: 2, // two good trials before trusting it again
  maxAttempts: 5, // the first call and four retries (safe tools only)
  backoff: 'exponential',
  baseDelay: 1_000, // 1, 2, 4, 8 s
  maxDelay: 30_000,
  jitter: 'full',
  // Five attempts per call would be five times the load on a dependency that is already
  // failing; the budget keeps retries within 20 % of calls beyond a reserve of 100 per 10 s.
  retryBudget: Object.freeze({ ratio: 0.2, minPerSecond: 10, ttl: 10_000 }),
});

/**
 * Interactive paths where an answer now or an error now beats waiting: no
 * retries, short timeouts, open quickly.
 *
 * @example new ResilientClient({ name: 'search', connect, preset: 'fail-fast' });
 */
export const failFastPreset: Preset = Object.freeze({
  timeout: 5_000, // an interactive caller will not wait longer
  connectTimeout: 5_000,
  failureThreshold: 3, // "MCP server communication: fail fast" (3 failures, 30 s) from the Python module
  recoveryTimeout: 30_000,
  halfOpenMaxCalls: 1,
  maxAttempts: 1, // no retries: the caller decides
  backoff: 'fixed',
  baseDelay: 0,
  maxDelay: 0,
  jitter: 'none',
  // An interactive caller would rather send a read twice than wait on a slow tail: a read or
  // idempotent tool still unanswered at the p95 of its own recent latencies is sent once more
  // (so about 5 % extra load), never an unsafe tool. No hedge before 3 s of latencies are seen.
  hedge: Object.freeze({ maxHedges: 1, delay: Object.freeze({ percentile: 0.95 }) }),
  // Hedges spend from a 10 % budget: a slow server is not sent double its load.
  retryBudget: Object.freeze({ ratio: 0.1, minPerSecond: 10, ttl: 10_000 }),
});

/**
 * Every shipped preset by name.
 *
 * @example const p = presets['external-api']; // { timeout: 30_000, … }
 */
export const presets: Readonly<Record<PresetName, Preset>> = Object.freeze({
  'external-api': externalApiPreset,
  local: localPreset,
  workflow: workflowPreset,
  critical: criticalPreset,
  'fail-fast': failFastPreset,
});

/**
 * Names of the shipped presets.
 *
 * @example presetNames; // ['external-api', 'local', 'workflow', 'critical', 'fail-fast']
 */
export const presetNames = Object.keys(presets) as PresetName[];
