import { workflowPreset, type Preset } from '@res/mcp';

const defaultPreset = {
  ...workflowPreset,
  timeout: 30_000, // status, list and search tools read local state; long tools carry their own timeout in the catalog
  failureThreshold: 5,
  recoveryTimeout: 60_000,
  maxAttempts: 3, // reads and idempotent tools only: cheap and local; executes, spawns and sends run once
  backoff: 'exponential',
  baseDelay: 500,
  factor: 2,
  maxDelay: 5_000,
  jitter: 'full',
} as const satisfies Preset;

/**
 * Presets for Mahavishnu. Every number has its reason in the README. Per-tool timeouts
 * (630 s for `trigger_workflow` and `openhands_openhands_run`, 330 s for the pool and
 * worker execute tools, 10–65 s for probes and waits) live in the catalog and apply
 * under every preset.
 *
 * @example createMahavishnuClient({ preset: 'workflow' })
 */
export const mahavishnuPresets = {
  /** Short reads against a local orchestrator; the long tools' own timeouts come from the catalog. */
  default: defaultPreset,
  /**
   * For applications that mostly run work: every tool without its own timeout (heal_workflows,
   * review_and_fix, backups, indexing, treesitter_batch_analyze…) may run for minutes.
   */
  workflow: {
    ...defaultPreset,
    timeout: 300_000, // the server's own default for execute tools; inline work without a catalog timeout fits
    maxAttempts: 2, // a read that hangs costs up to 5 min per attempt
  },
} as const satisfies Record<string, Preset>;

/** Names of Mahavishnu's presets. */
export type MahavishnuPreset = keyof typeof mahavishnuPresets;
