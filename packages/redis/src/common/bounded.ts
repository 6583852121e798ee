/**
 * A Redis command that took longer than the store allows it.
 *
 * @example store.on('degraded', ({ error }) => { if (error instanceof CommandTimeoutError) console.warn(`Redis slower than ${error.timeout} ms`); });
 */
export class CommandTimeoutError extends Error {
  constructor(readonly timeout: number) {
    super(`Redis did not answer within ${timeout} ms`);
    this.name = 'CommandTimeoutError';
  }
}

/**
 * `promise`, or a rejection with {@link CommandTimeoutError} after `ms`. The late
 * outcome of a command that timed out is swallowed (ioredis commands cannot be
 * cancelled), and the timer is cleared as soon as the command settles.
 *
 * The time counted is time this process could listen: when the timer fires late
 * because the event loop was blocked (a command may not even have been written yet),
 * Redis gets `ms` more; and the verdict waits for `setImmediate`, after the I/O phase,
 * so a reply that arrived meanwhile is read first. A busy process does not take
 * itself for a slow Redis.
 */
export function bounded<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let due = Date.now() + ms;
    let timer: ReturnType<typeof setTimeout>;
    const expire = (): void => {
      const lag = Date.now() - due;
      if (lag > ms / 2 && due !== 0) {
        due = 0; // once
        timer = setTimeout(expire, ms);
        return;
      }
      setImmediate(() => {
        if (!settled) reject(new CommandTimeoutError(ms));
      });
    };
    timer = setTimeout(expire, ms);
    promise.then(
      (value) => {
        settled = true;
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        settled = true;
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
