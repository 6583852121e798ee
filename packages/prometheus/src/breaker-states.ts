import type { CircuitState } from '@res/core';
import { STATE_LABEL, STATES } from './labels.js';
import type { Metrics } from './metric-set.js';

/**
 * The `breaker_state` series of one server (and its per-tool breakers): one series
 * per state, 1 for the current one. Cleared when recording stops, so a client that
 * is gone leaves no breaker behind on the dashboard.
 */
export class BreakerStates {
  /** Tools with a breaker of their own seen so far (`undefined`: the server's breaker). */
  readonly #breakers = new Set<string | undefined>();

  constructor(
    readonly metrics: Metrics,
    readonly server: string,
  ) {}

  /** Sets the current state of the server's breaker (`tool` undefined) or of a tool's. */
  set(tool: string | undefined, state: CircuitState): void {
    this.#breakers.add(tool);
    for (const each of STATES) this.metrics.breakerState.set(this.#labels(tool, each), each === state ? 1 : 0);
  }

  /** Records a transition and the new state. */
  change(tool: string | undefined, from: CircuitState, to: CircuitState): void {
    const labels: Partial<Record<'server' | 'tool' | 'from' | 'to', string>> = { server: this.server, from: STATE_LABEL[from], to: STATE_LABEL[to] };
    if (tool !== undefined) labels.tool = tool;
    this.metrics.transitions.inc(labels);
    this.set(tool, to);
  }

  /** Removes every series this server's breakers had. */
  clear(): void {
    for (const tool of this.#breakers) {
      for (const state of STATES) this.metrics.breakerState.remove(this.#labels(tool, state));
    }
    this.#breakers.clear();
  }

  #labels(tool: string | undefined, state: CircuitState): Partial<Record<'server' | 'tool' | 'state', string>> {
    return tool === undefined ? { server: this.server, state: STATE_LABEL[state] } : { server: this.server, tool, state: STATE_LABEL[state] };
  }
}
