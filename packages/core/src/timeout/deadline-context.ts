import type { ExecutionContext } from '../policy.js';

/**
 * The context a timed attempt gets. Its signal is made only when the function
 * reads it: creating an `AbortSignal` costs microseconds on Node 20, far more
 * than everything else a timeout does, and most functions never look.
 */
export class DeadlineContext implements ExecutionContext {
  #controller: AbortController | undefined;
  #reason: unknown;
  #aborted = false;

  constructor(readonly attempt: number) {}

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  /** Aborts the signal (now, or when it is first read). */
  abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.#controller?.abort(reason);
  }
}
