import { BrokenCircuitError, IsolatedCircuitError, ThrottledError } from '../errors.js';
import { cheapError } from '../common/cheap-error.js';
import type { Emitter } from '../common/events.js';
import type { BreakerSettings } from './options.js';
import type { BreakerStrategy } from './strategy.js';
import type { BreakerEvents, BreakerSnapshot, BreakerStats, BreakerStoreBinding, CircuitState } from './types.js';

/**
 * The state as a discriminated union: trial bookkeeping exists only in half-open.
 * Each transition makes a new object, so a call can tell whether the state it was
 * admitted under is still the current one (a late outcome must not move the circuit).
 */
export type State =
  | { readonly kind: 'closed' }
  | { readonly kind: 'open'; readonly openedAt: number }
  | { readonly kind: 'half-open'; readonly openedAt: number; inFlight: number; successes: number }
  | { readonly kind: 'isolated' };

/** The state a call can be admitted under. */
export type AdmittedState = Extract<State, { kind: 'closed' | 'half-open' }>;

/**
 * A breaker's state machine: admits calls, counts their outcomes, moves between
 * states and tells the store. Callers reach it through a permit (`permit.ts`).
 */
export class CircuitController<C> {
  /** Set once the store has attached (`undefined`: no store). */
  binding: BreakerStoreBinding | undefined;
  #state: State = { kind: 'closed' };
  #timer: ReturnType<typeof setTimeout> | undefined;
  #failures = 0;
  #successes = 0;
  #rejections = 0;
  #consecutiveFailures = 0;

  constructor(
    readonly settings: BreakerSettings,
    readonly strategy: BreakerStrategy,
    readonly events: Emitter<BreakerEvents<C>>,
  ) {
    if (settings.initialState !== undefined) this.#restore(settings.initialState);
  }

  /** The state, moved to half-open first if the recovery timeout has passed. */
  current(): State {
    this.refresh();
    return this.#state;
  }

  /** The state the call runs under, or the rejection to answer it with. */
  admit(context: C | undefined): AdmittedState | BrokenCircuitError {
    const state = this.current();
    switch (state.kind) {
      case 'closed':
        return state;
      case 'half-open':
        if (state.inFlight >= this.settings.halfOpenMaxCalls) return this.reject(state, 0, context);
        state.inFlight++;
        return state;
      case 'open':
        return this.reject(state, this.#untilHalfOpen(state), context);
      case 'isolated':
        return this.reject(state, Infinity, context);
    }
  }

  /** Asks the store for a half-open trial: true when granted and the state is still the one admitted. */
  async askStore(admitted: AdmittedState, binding: BreakerStoreBinding): Promise<boolean> {
    let granted: boolean;
    try {
      granted = await binding.acquireTrial();
    } catch {
      granted = true; // a store that fails must not fail calls: decide locally
    }
    // The state may have moved while the store answered (another replica's verdict, a reset).
    return granted && admitted === this.#state;
  }

  /** After a refused trial gave its slot back: the rejection, or `undefined` when the circuit closed meanwhile. */
  refusal(context: C | undefined): BrokenCircuitError | undefined {
    const current = this.current();
    if (current.kind === 'closed') return undefined; // closed meanwhile: the call goes ahead like any other
    return this.reject(current, current.kind === 'open' ? this.#untilHalfOpen(current) : 0, context);
  }

  reject(state: State, retryAfter: number, context: C | undefined): BrokenCircuitError {
    this.#rejections++;
    const name = this.settings.name;
    if (this.events.has('rejected')) this.events.emit('rejected', { name, state: state.kind, retryAfter, context });
    return state.kind === 'isolated'
      ? cheapError(() => new IsolatedCircuitError(name))
      : cheapError(() => new BrokenCircuitError(name, retryAfter));
  }

  /** An error ended the call: `ignore` gives the slot back, `isFailure` decides failure or success. */
  errored(admitted: AdmittedState, error: unknown, context: C | undefined): void {
    const { ignore, isFailure } = this.settings;
    // A throttle's local rejection says nothing about the dependency: neither failure nor success.
    if (error instanceof ThrottledError || ignore?.(error) === true) this.release(admitted);
    else if (isFailure === undefined || isFailure(error)) this.failed(admitted, error, context);
    else this.succeeded(admitted, context);
  }

  succeeded(admitted: AdmittedState, context: C | undefined): void {
    this.#successes++;
    this.#consecutiveFailures = 0;
    if (this.events.has('success')) this.events.emit('success', { name: this.settings.name, state: admitted.kind, context });
    if (admitted !== this.#state) return;
    if (admitted.kind === 'closed') {
      this.strategy.success();
    } else {
      admitted.inFlight--;
      if (++admitted.successes >= this.settings.successThreshold) this.#moveTo({ kind: 'closed' }, false);
    }
  }

  failed(admitted: AdmittedState, error: unknown, context: C | undefined): void {
    this.#failures++;
    this.#consecutiveFailures++;
    const now = Date.now();
    if (this.events.has('failure')) this.events.emit('failure', { name: this.settings.name, state: admitted.kind, error, context });
    this.binding?.failure(now);
    if (admitted !== this.#state) return;
    if (admitted.kind === 'half-open' || this.strategy.failure()) this.#moveTo({ kind: 'open', openedAt: now }, false);
  }

  /** A trial whose outcome does not count (the caller aborted, or `ignore`) gives its slot back. */
  release(admitted: AdmittedState): void {
    if (admitted.kind === 'half-open' && admitted === this.#state) admitted.inFlight--;
  }

  reset(): void {
    this.#failures = 0;
    this.#successes = 0;
    this.#rejections = 0;
    this.#consecutiveFailures = 0;
    this.strategy.reset();
    if (this.#state.kind !== 'closed') this.#moveTo({ kind: 'closed' }, false);
  }

  isolate(): void {
    if (this.#state.kind !== 'isolated') this.#moveTo({ kind: 'isolated' }, false);
  }

  applyRemote(to: CircuitState, openedAt: number): void {
    const current = this.current();
    if (current.kind === to && (to !== 'open' || (current.kind === 'open' && current.openedAt === openedAt))) return;
    this.#moveTo(stateFor(to, openedAt), true);
    this.refresh();
  }

  stats(): BreakerStats {
    const state = this.current();
    const stats: BreakerStats = { state: state.kind, ...this.#counts() };
    if (state.kind === 'open' || state.kind === 'half-open') stats.openedAt = state.openedAt;
    return stats;
  }

  toJSON(): BreakerSnapshot {
    const state = this.current();
    const snapshot: BreakerSnapshot = { state: state.kind, strategy: this.strategy.snapshot(), stats: this.#counts() };
    if (state.kind === 'open' || state.kind === 'half-open') snapshot.openedAt = state.openedAt;
    return snapshot;
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  refresh(): void {
    const state = this.#state;
    if (state.kind === 'open' && Date.now() >= state.openedAt + this.settings.recoveryTimeout) {
      this.#moveTo({ kind: 'half-open', openedAt: state.openedAt, inFlight: 0, successes: 0 }, false);
    }
  }

  #counts(): NonNullable<BreakerSnapshot['stats']> {
    return {
      failures: this.#failures,
      successes: this.#successes,
      rejections: this.#rejections,
      consecutiveFailures: this.#consecutiveFailures,
    };
  }

  #untilHalfOpen(state: { openedAt: number }): number {
    return Math.max(0, state.openedAt + this.settings.recoveryTimeout - Date.now());
  }

  #moveTo(next: State, remote: boolean): void {
    const from = this.#state.kind;
    this.#state = next;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (next.kind === 'closed') this.strategy.reset();
    if (next.kind === 'open') this.#scheduleHalfOpen(next.openedAt);
    // An opening is dated by its openedAt, so every replica hearing of it half-opens at the same moment.
    const change = { name: this.settings.name, from, to: next.kind, at: next.kind === 'open' ? next.openedAt : Date.now() };
    this.events.emit('stateChange', change);
    if (!remote) this.binding?.transition(change);
  }

  /** An unref'd timer: an idle process holding an open breaker must exit on its own. */
  #scheduleHalfOpen(openedAt: number): void {
    const delay = openedAt + this.settings.recoveryTimeout - Date.now();
    if (delay <= 0) return; // read lazily as half-open
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.refresh();
    }, delay);
    this.#timer.unref();
  }

  #restore(snapshot: BreakerSnapshot): void {
    if (snapshot.strategy !== undefined) this.strategy.restore(snapshot.strategy);
    const stats = snapshot.stats;
    if (stats !== undefined) {
      this.#failures = stats.failures;
      this.#successes = stats.successes;
      this.#rejections = stats.rejections;
      this.#consecutiveFailures = stats.consecutiveFailures;
    }
    this.#state = stateFor(snapshot.state, snapshot.openedAt ?? Date.now());
    if (this.#state.kind === 'open') this.#scheduleHalfOpen(this.#state.openedAt);
  }
}

function stateFor(kind: CircuitState, openedAt: number): State {
  switch (kind) {
    case 'closed':
      return { kind };
    case 'isolated':
      return { kind };
    case 'open':
      return { kind, openedAt };
    case 'half-open':
      return { kind, openedAt, inFlight: 0, successes: 0 };
  }
}
