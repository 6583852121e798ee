// How long an abort takes to end a 2 s retry backoff: the call fails once, the
// retry starts its 2 s wait, 10 ms later the caller aborts; we time abort() -> settled.
import { setTimeout as wait } from 'node:timers/promises';
import * as cockatiel from 'cockatiel';
import { retry } from '../dist/index.js';

const BACKOFF = 2_000;
const ABORT_AFTER = 10;

/**
 * @param {(signal: AbortSignal, onRetry: () => void, fn: () => Promise<never>) => Promise<unknown>} start
 * @returns {Promise<{ ms: number, calls: number, reason: boolean }>}
 */
async function once(start) {
  const controller = new AbortController();
  let calls = 0;
  const fn = async () => {
    calls++;
    throw new Error('down');
  };
  /** @type {() => void} */
  let retried = () => undefined;
  const waiting = new Promise((resolve) => {
    retried = () => resolve(undefined);
  });
  const settled = start(controller.signal, retried, fn).then(
    () => ({ at: performance.now(), error: undefined }),
    (error) => ({ at: performance.now(), error }),
  );
  await waiting;
  await wait(ABORT_AFTER);
  const aborted = performance.now();
  controller.abort();
  const { at, error } = await settled;
  return { ms: at - aborted, calls, reason: error === controller.signal.reason };
}

/** res: `retry()` whose first wait is 2 s; `samples` runs. */
export async function resAbort(samples) {
  const policy = retry({ maxAttempts: 2, backoff: 'fixed', baseDelay: BACKOFF, jitter: 'none' });
  const runs = [];
  for (let i = 0; i < samples; i++) {
    runs.push(await once((signal, onRetry, fn) => {
      const unsubscribe = policy.on('retry', () => {
        unsubscribe();
        onRetry();
      });
      return policy.execute(fn, signal);
    }));
  }
  return runs;
}

/** cockatiel 3: its retry sleep does not listen to the signal (one run, ~2 s). */
export async function cockatielAbort() {
  const policy = cockatiel.retry(cockatiel.handleAll, { maxAttempts: 1, backoff: new cockatiel.ConstantBackoff(BACKOFF) });
  return once((signal, onRetry, fn) => {
    const listener = policy.onRetry(() => {
      listener.dispose();
      onRetry();
    });
    return policy.execute(fn, signal);
  });
}

export const backoffMs = BACKOFF;
