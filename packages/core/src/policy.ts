/** What a protected function receives on every attempt. */
export interface ExecutionContext {
  /** Aborted when the caller aborts, or when a timeout policy's deadline passes. */
  readonly signal: AbortSignal;
  /** 1 for the first attempt, 2 for the first retry, and so on. */
  readonly attempt: number;
}

/** A function a policy can run. */
export type Operation<T> = (context: ExecutionContext) => T | PromiseLike<T>;

/**
 * Every policy runs a function under its rule. Policies nest with `pipeline`.
 * `C` is the type of the call's context (see `execute`).
 *
 * @example await policy.execute(({ signal }) => fetch(url, { signal }), controller.signal);
 */
export interface Policy<C = unknown> {
  /**
   * Runs `fn` under this policy.
   * @param fn the protected function; it gets the attempt's signal and number.
   * @param signal the caller's signal: aborting it ends waits at once and rejects with its reason.
   * @param attempt the attempt number of an enclosing retry, passed on to `fn` (`pipeline` sets it). [1]
   * @param context anything the caller wants to see in this call's events (a call id, a tool name):
   *   every policy passes it on untouched, to the policies inside it and to its event payloads as `context`.
   */
  execute<T>(fn: Operation<T>, signal?: AbortSignal, attempt?: number, context?: C): Promise<T>;
}

/**
 * Anything `pipeline` can compose: every policy of res, and any object with the
 * same `execute` (a fallback may resolve with a value of another type).
 */
export interface PolicyLike<C = unknown> {
  execute<T>(fn: Operation<T>, signal?: AbortSignal, attempt?: number, context?: C): Promise<unknown>;
}
