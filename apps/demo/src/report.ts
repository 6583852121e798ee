/**
 * What the engine tells a reporter: snapshots of the fleet, and events as they happen. The
 * terminal renderings (table.ts) and the tests are reporters.
 */
import type { CircuitState, ServerPolicy } from '@res/mcp';
import type { ServerCounts, Summary } from './summary.js';

/** One server's line in the status table. */
export interface ServerRow extends ServerCounts {
  state: CircuitState;
  p50: number;
  p99: number;
  /** The fault plan in force on its fake. */
  fault: string;
}

export type Phase = 'starting' | 'running' | 'settling' | 'stopping' | 'done';

/** The fleet at one moment. */
export interface Snapshot {
  phase: Phase;
  /** Ms since the workload started. */
  elapsedMs: number;
  durationMs: number;
  seed: number;
  callsPerSecond: number;
  /** The compressed recovery timeout, ms. */
  recoveryMs: number;
  /** The adapters' own recovery timeouts, ms: what the demo compresses. */
  presetRecoveryMs: { min: number; max: number };
  rows: ServerRow[];
}

/** Something that happened, for line-per-change output. */
export type DemoEvent =
  | { type: 'state'; at: number; server: string; from: CircuitState; to: CircuitState; reason?: string }
  | { type: 'fault'; at: number; server: string; label: string }
  | { type: 'phase'; at: number; phase: Phase };

/** How the run starts. */
export interface StartInfo {
  servers: string[];
  seed: number;
  durationMs: number;
  callsPerSecond: number;
  policy: Partial<ServerPolicy>;
}

/**
 * Receives the run as it goes; every method is optional.
 *
 * @example await runDemo(options, { event: (e) => { console.log(e); } });
 */
export interface Reporter {
  start?(info: StartInfo): void;
  snapshot?(snapshot: Snapshot): void;
  event?(event: DemoEvent): void;
  end?(summary: Summary): void;
}
