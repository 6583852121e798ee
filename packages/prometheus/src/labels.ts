/**
 * Label values. Every label takes values from a small fixed set, or, for `tool`,
 * from the names the client knows: nothing a caller (or a model) types becomes a
 * series of its own.
 */
import type { CircuitState } from '@res/core';
import type { CallOutcome, ClientEventOf } from '@res/mcp';

/** The `tool` label of a name the client does not know. */
export const OTHER_TOOL = 'other';

/** `outcome` label values (snake_case, as Prometheus label values usually are). */
export const OUTCOME_LABEL: Readonly<Record<CallOutcome, string>> = Object.freeze({
  success: 'success',
  failure: 'failure',
  timeout: 'timeout',
  rejected: 'rejected',
  fallback: 'fallback',
  'caller-error': 'caller_error',
  aborted: 'aborted',
});

/** `state`, `from` and `to` label values. */
export const STATE_LABEL: Readonly<Record<CircuitState, string>> = Object.freeze({
  closed: 'closed',
  open: 'open',
  'half-open': 'half_open',
  isolated: 'isolated',
});

/** Every breaker state, in label form. */
export const STATES: readonly CircuitState[] = Object.freeze(['closed', 'open', 'half-open', 'isolated']);

/** `reason` label values of rejections. */
export const REASON_LABEL: Readonly<Record<ClientEventOf<'rejected'>['reason'], string>> = Object.freeze({
  'circuit-open': 'circuit_open',
  bulkhead: 'bulkhead',
  'rate-limit': 'rate_limit',
  throttled: 'throttled',
});

/** Requests other than `tools/call` that a client retries under their method name. */
const METHODS: ReadonlySet<string> = new Set(['tools/list', 'resources/list', 'resources/read', 'prompts/list', 'prompts/get', 'ping']);

/**
 * Maps a tool name to its `tool` label: the name itself when the client knows it
 * (catalog, `tools` option, live list, or the names given to `instrument`), an MCP
 * method name for other requests, else {@link OTHER_TOOL}. A name once known keeps its label.
 */
export class ToolLabels {
  readonly #known = new Set<string>();

  constructor(
    readonly knows: (name: string) => boolean,
    extra: Iterable<string> = [],
  ) {
    for (const name of extra) this.#known.add(name);
    for (const name of METHODS) this.#known.add(name);
  }

  label(name: string): string {
    if (this.#known.has(name)) return name;
    if (!this.knows(name)) return OTHER_TOOL;
    this.#known.add(name);
    return name;
  }
}
