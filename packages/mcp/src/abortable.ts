import { abortReason, neverAbortedSignal } from '@res/core';

export { abortReason };

/** Waits for a shared promise, but lets one caller stop waiting when its own signal aborts. */
export function raceSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal === neverAbortedSignal) return promise;
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      reject(abortReason(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * A signal for one call, following the caller's: the SDK adds an abort listener to
 * every request's signal and never removes it, so a long-lived caller signal would
 * collect one per call. `release()` detaches from the caller's signal.
 */
export class CallSignal {
  readonly signal: AbortSignal;
  readonly #source: AbortSignal | undefined;
  readonly #onAbort: (() => void) | undefined;

  constructor(source: AbortSignal | undefined) {
    if (source === undefined) {
      this.signal = neverAbortedSignal;
      return;
    }
    const controller = new AbortController();
    this.signal = controller.signal;
    if (source.aborted) {
      controller.abort(abortReason(source));
      return;
    }
    this.#source = source;
    this.#onAbort = () => {
      controller.abort(abortReason(source));
    };
    source.addEventListener('abort', this.#onAbort, { once: true });
  }

  release(): void {
    if (this.#source !== undefined && this.#onAbort !== undefined) this.#source.removeEventListener('abort', this.#onAbort);
  }
}

/** A shared listing, waited on until this call's deadline at most (then: as if listing failed). */
export function untilDeadline<T>(promise: Promise<T | undefined>, deadline: number): Promise<T | undefined> {
  const left = deadline - Date.now();
  if (left <= 0) return Promise.resolve(undefined);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, left, undefined);
    timer.unref();
  });
  return Promise.race([promise, expired]).finally(() => {
    clearTimeout(timer);
  });
}
