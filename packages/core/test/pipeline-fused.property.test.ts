/**
 * `pipeline(breaker, retry)` runs the two as one layer on its success path. These
 * tests hold it to the nested form it replaces, `breaker.execute(() => retry.execute(fn))`:
 * same results, same errors, same breaker counts, same events in the same order.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BrokenCircuitError,
  circuitBreaker,
  pipeline,
  retry,
  type BreakerStore,
  type CircuitBreaker,
  timeout,
  type RetryPolicy,
} from '../src/index.js';
import { ConnectionError, ValueError } from './helpers.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

type Outcome = 'ok' | 'fail' | 'value-error' | 'throw-sync';

interface Side {
  breaker: CircuitBreaker;
  retry: RetryPolicy;
  log: string[];
  run: (fn: () => Promise<string>) => Promise<string>;
}

function side(fused: boolean): Side {
  const log: string[] = [];
  const breaker = circuitBreaker({ failureThreshold: 3, recoveryTimeout: 50, isFailure: (e) => !(e instanceof ValueError) });
  const policy = retry({ maxAttempts: 3, backoff: 'fixed', baseDelay: 10, jitter: 'none', retryOn: (e) => e instanceof ConnectionError });
  for (const event of ['stateChange', 'success', 'failure', 'rejected'] as const) {
    breaker.on(event, (payload) => log.push(`breaker:${event}:${JSON.stringify({ ...payload, error: undefined })}`));
  }
  policy.on('retry', ({ attempt, delay }) => log.push(`retry:${attempt}:${delay}`));
  policy.on('giveUp', ({ attempts, reason }) => log.push(`giveUp:${attempts}:${reason}`));
  const composed = pipeline(breaker, policy);
  const run = fused
    ? (fn: () => Promise<string>) => composed.execute(fn)
    : (fn: () => Promise<string>) => breaker.execute(() => policy.execute(fn));
  return { breaker, retry: policy, log, run };
}

function scripted(outcomes: Outcome[]): () => Promise<string> {
  let call = 0;
  return () => {
    const outcome = outcomes[call++ % outcomes.length] ?? 'ok';
    if (outcome === 'throw-sync') throw new ConnectionError('sync');
    if (outcome === 'ok') return Promise.resolve(`ok${call}`);
    return Promise.reject(outcome === 'fail' ? new ConnectionError(`c${call}`) : new ValueError(`v${call}`));
  };
}

const describeOutcome = (promise: Promise<string>): Promise<string> =>
  promise.then(
    (value) => `value:${value}`,
    (error: unknown) => `error:${error instanceof Error ? `${error.name}:${error.message}` : String(error)}`,
  );

/** Runs both sides' calls from the same instant and lets their waits pass together. */
async function settleBoth(a: Promise<string>, b: Promise<string>): Promise<[string, string]> {
  const outcomes = Promise.all([describeOutcome(a), describeOutcome(b)]);
  await vi.advanceTimersByTimeAsync(100);
  return outcomes;
}

describe('pipeline(breaker, retry) fused', () => {
  it('behaves exactly like the nested breaker.execute(() => retry.execute(fn))', async () => {
    const outcome = fc.constantFrom<Outcome>('ok', 'fail', 'value-error', 'throw-sync');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(outcome, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 12 }), async (calls) => {
        const fused = side(true);
        const nested = side(false);
        for (const script of calls) {
          const [a, b] = await settleBoth(fused.run(scripted(script)), nested.run(scripted(script)));
          expect(a).toBe(b);
          expect(fused.breaker.stats()).toEqual(nested.breaker.stats());
        }
        expect(fused.log).toEqual(nested.log);
      }),
      { numRuns: 150 },
    );
  });

  it('an aborted caller is rejected with the reason and counts nothing', async () => {
    const { breaker, run } = side(true);
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    const fn = vi.fn(() => Promise.resolve('x'));
    await expect(pipeline(breaker, retry()).execute(fn, controller.signal)).rejects.toThrow('stop');
    expect(fn).not.toHaveBeenCalled();
    expect(breaker.stats()).toMatchObject({ successes: 0, failures: 0 });
    await expect(run(() => Promise.resolve('y'))).resolves.toBe('y');
  });

  it('a half-open trial that must ask a store takes the nested path, and a refusal rejects', async () => {
    const store: BreakerStore = {
      attach: () => ({ failure: () => undefined, transition: () => undefined, acquireTrial: () => Promise.resolve(false), detach: () => undefined }),
    };
    const breaker = circuitBreaker({ failureThreshold: 1, recoveryTimeout: 10, store });
    const composed = pipeline(breaker, retry({ maxAttempts: 1 }));
    await expect(composed.execute(() => Promise.reject(new ConnectionError('down')))).rejects.toThrow('down');
    vi.advanceTimersByTime(10);
    const fn = vi.fn(() => Promise.resolve('trial'));
    await expect(composed.execute(fn)).rejects.toBeInstanceOf(BrokenCircuitError);
    expect(fn).not.toHaveBeenCalled();
  });

  it('passes attempt numbers through an inner policy', async () => {
    const seen: number[] = [];
    const composed = pipeline(circuitBreaker(), retry({ maxAttempts: 3, baseDelay: 0, jitter: 'none' }), timeout(1_000));
    const result = composed.execute(({ attempt }) => {
      seen.push(attempt);
      return attempt < 3 ? Promise.reject(new ConnectionError('again')) : Promise.resolve('third');
    });
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toBe('third');
    expect(seen).toEqual([1, 2, 3]);
  });
});
