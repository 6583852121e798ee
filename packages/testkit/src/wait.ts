/**
 * The one place a handler waits. Every wait ends when the request's signal fires, clearing
 * its timer and listener, so a cancelled `slow` or `hang` call leaves nothing behind.
 */

/**
 * Resolves after `ms` (never, for `Infinity`), or rejects with the signal's reason once it fires.
 *
 * @example await sleep(200, extra.signal);
 */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) {
      reject(abortReason(signal));
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    if (Number.isFinite(ms)) {
      timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
    }
  });
}

/** The signal's reason as an `Error` (the SDK aborts with strings or McpErrors). */
function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const error = new Error(typeof reason === 'string' ? reason : 'The request was aborted');
  error.name = 'AbortError';
  return error;
}
