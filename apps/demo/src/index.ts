/**
 * @res/demo: the engine behind `pnpm demo`, usable headless.
 *
 * @example const summary = await runDemo({ durationMs: 10_000, seed: 1, callsPerSecond: 10 });
 *
 * @packageDocumentation
 */
export { runDemo } from './engine.js';
export { DEFAULTS, compressedPolicy, type DemoOptions } from './options.js';
export type { DemoEvent, Phase, Reporter, ServerRow, Snapshot, StartInfo } from './report.js';
export { SERVERS, SERVER_NAMES, selectServers, CALM_AT, type DemoServer, type FaultStep, type WorkloadItem } from './servers.js';
export { summarize, type Invariant, type ServerSummary, type Summary, type UnsafeCount } from './summary.js';
