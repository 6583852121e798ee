const settled = Promise.resolve();

/**
 * A promise that rejects with `error` one microtask from now, once its caller has
 * had the chance to attach a handler. A promise rejected before anyone handles it
 * makes Node track it as a possible unhandled rejection and then untrack it, which
 * costs more than the whole rest of an open breaker's rejection. An unhandled one
 * is still reported as usual.
 */
export function rejectSoon(error: unknown): Promise<never> {
  return new Promise<never>((_resolve, reject) => {
    void settled.then(() => {
      reject(error);
    });
  });
}
