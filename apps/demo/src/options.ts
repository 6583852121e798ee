/**
 * The demo's options, and the time compression that lets a 25-second run show breakers
 * opening and recovering (real recovery timeouts are 30 s to 2 min).
 */
import type { ServerPolicy } from '@res/mcp';
import type { DemoServer } from './servers/types.js';

/**
 * Options of {@link runDemo} (validated by the CLI).
 *
 * @example const options: DemoOptions = { durationMs: 25_000, seed: 42, callsPerSecond: 12 };
 */
export interface DemoOptions {
  /** How long the workload runs, ms. */
  durationMs: number;
  /** Seeds the fault plan and the workload. */
  seed: number;
  /** Calls per second, across all servers. */
  callsPerSecond: number;
  /** Server names (default: all). */
  servers?: readonly string[];
  /** Stops the run early (Ctrl-C); cleanup and the summary still happen. */
  signal?: AbortSignal;
  /** Ms between two status snapshots. [250] */
  tickMs?: number;
}

export const DEFAULTS = { durationSeconds: 25, seed: 42, callsPerSecond: 12 } as const;

/**
 * The policy overrides of every client, on top of its adapter's default preset. Timeouts,
 * backoff and recovery shrink so a short run shows openings and recoveries.
 *
 * @example compressedPolicy(25_000).recoveryTimeout; // 2000
 */
export function compressedPolicy(durationMs: number): Partial<ServerPolicy> {
  return {
    timeout: 2_000, // adapters say 10-50 s
    connectTimeout: 15_000, // spawning a Node child on a busy machine
    failureThreshold: 3, // adapters say 3-5
    recoveryTimeout: Math.min(2_500, Math.max(500, Math.round(durationMs * 0.08))), // adapters say 30 s - 2 min
    baseDelay: 100, // adapters say 0.25-2 s
    maxDelay: 800,
  };
}

/**
 * The shortest and longest recovery timeout of the servers' own presets: what the demo compresses.
 *
 * @example presetRecovery(SERVERS); // { min: 15_000, max: 60_000 }
 */
export function presetRecovery(servers: readonly DemoServer[]): { min: number; max: number } {
  const timeouts = servers.map((server) => server.preset.recoveryTimeout);
  return { min: Math.min(...timeouts), max: Math.max(...timeouts) };
}
