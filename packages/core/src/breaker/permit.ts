import type { AdmittedState, CircuitController } from './controller.js';

/**
 * Leave to run one call through a circuit breaker, from `breaker.tryAcquire()`.
 * Run the call, then settle the permit with its outcome, **once**: `success()`,
 * `failure(error)` or `ignore()`. The first settle counts; later ones do nothing,
 * so a `finally { permit.ignore() }` after a settle is harmless. A permit never
 * settled holds its half-open trial slot.
 *
 * @example const permit = breaker.tryAcquire(); try { const v = await call(); permit.success(); return v; } catch (e) { permit.failure(e); throw e; }
 */
export interface BreakerPermit {
  /** The state the call was admitted under: `'half-open'` makes it a trial call. */
  readonly state: 'closed' | 'half-open';
  /**
   * `undefined`, except for a half-open trial of a breaker with a `store`: then the
   * store must grant the trial first. Await it before running the call; it rejects
   * with `BrokenCircuitError` when the store refuses (the permit is then settled).
   */
  readonly ready: Promise<void> | undefined;
  /** The call succeeded. */
  success(): void;
  /**
   * The call failed with `error`. Judged as `execute` judges it: an error `ignore`
   * accepts (or a `ThrottledError`) counts as nothing, one `isFailure` rejects counts as a success.
   */
  failure(error: unknown): void;
  /** The outcome does not count (e.g. the caller aborted); a trial gives its slot back. */
  ignore(): void;
}

const noop = (): void => undefined;

/** The one implementation of {@link BreakerPermit}: an admission plus a settled flag. */
export class Permit<C> implements BreakerPermit {
  // `declare`d, not class fields (nor `#settled`): fields cost an initializer call on
  // every construction, and a permit is made on every call (~6 ns of a ~60 ns success path).
  declare readonly controller: CircuitController<C>;
  declare readonly admitted: AdmittedState;
  declare readonly context: C | undefined;
  declare ready: Promise<void> | undefined;
  private declare settled: boolean;

  constructor(controller: CircuitController<C>, admitted: AdmittedState, context: C | undefined) {
    this.controller = controller;
    this.admitted = admitted;
    this.context = context;
    this.ready = undefined;
    this.settled = false;
  }

  get state(): 'closed' | 'half-open' {
    return this.admitted.kind;
  }

  success(): void {
    if (this.settled) return;
    this.settled = true;
    this.controller.succeeded(this.admitted, this.context);
  }

  failure(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.controller.errored(this.admitted, error, this.context);
  }

  ignore(): void {
    if (this.settled) return;
    this.settled = true;
    this.controller.release(this.admitted);
  }

  /** Holds the call until the store grants this trial (see `ready`). */
  awaitStore(answer: Promise<boolean>): void {
    const ready = answer.then((granted) => {
      if (granted || this.settled) return;
      this.controller.release(this.admitted);
      // Closed meanwhile: the call goes ahead and its outcome still counts (it cannot move the circuit).
      const rejection = this.controller.refusal(this.context);
      if (rejection === undefined) return;
      this.settled = true;
      throw rejection;
    });
    ready.catch(noop); // a caller that never reads `ready` must not cause an unhandled rejection
    this.ready = ready;
  }
}
