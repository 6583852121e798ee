/**
 * One signal that never aborts, shared by every call that has none, so the hot
 * path allocates no `AbortController` when neither the caller nor a timeout can abort.
 *
 * @example await policy.execute(fn, options.signal ?? neverAbortedSignal);
 */
export const neverAbortedSignal: AbortSignal = new AbortController().signal;

/**
 * True for a DOMException or error named `AbortError` (how fetch, timers and the SDK report aborts).
 *
 * @example catch (error) { if (isAbortError(error)) return; throw error; }
 */
export function isAbortError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}

/**
 * The reason an aborted signal carries, as a value to reject with (an `AbortError` when it has none).
 *
 * @example if (signal.aborted) throw abortReason(signal);
 */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}
