/**
 * How a closed circuit decides to open. Each strategy is a small counter with
 * a JSON-safe snapshot, so a breaker's state can be saved and restored.
 */
export interface BreakerStrategy {
  /** A call succeeded while the circuit was closed. */
  success(): void;
  /** A call failed while the circuit was closed; true when the circuit must open. */
  failure(): boolean;
  /** Forgets every outcome (the circuit closed or was reset). */
  reset(): void;
  /** The counts, JSON-safe. */
  snapshot(): StrategySnapshot;
  /** Restores counts from `snapshot()`; a snapshot of another strategy is ignored. */
  restore(snapshot: StrategySnapshot): void;
}

/** JSON-safe state of a strategy; `kind` names the strategy it came from. */
export interface StrategySnapshot {
  readonly kind: 'consecutive' | 'count-window' | 'time-window';
  readonly [field: string]: unknown;
}
