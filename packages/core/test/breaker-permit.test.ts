/**
 * `breaker.tryAcquire()`: the permit every caller of a breaker goes through
 * (`execute`, pipeline's fused layer, code that runs its calls itself).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BrokenCircuitError,
  circuitBreaker,
  IsolatedCircuitError,
  ThrottledError,
  type BreakerStore,
  type CircuitBreaker,
  type CircuitBreakerOptions,
} from '../src/index.js';
import { ConnectionError, ValueError, rejectionOf } from './helpers.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Every event of a breaker, as text (errors by message). */
function record(breaker: CircuitBreaker<string>): string[] {
  const log: string[] = [];
  breaker.on('stateChange', ({ from, to }) => log.push(`stateChange ${from}->${to}`));
  breaker.on('success', ({ state, context }) => log.push(`success ${state} ${String(context)}`));
  breaker.on('failure', ({ state, error, context }) => log.push(`failure ${state} ${(error as Error).message} ${String(context)}`));
  breaker.on('rejected', ({ state, retryAfter, context }) => log.push(`rejected ${state} ${retryAfter} ${String(context)}`));
  return log;
}

function halfOpen(options: CircuitBreakerOptions = {}): CircuitBreaker<string> {
  const breaker = circuitBreaker<string>({ failureThreshold: 1, recoveryTimeout: 1_000, ...options });
  breaker.tryAcquire().failure(new ConnectionError('down'));
  vi.advanceTimersByTime(1_000);
  expect(breaker.state).toBe('half-open');
  return breaker;
}

describe('tryAcquire', () => {
  it('admits a call while closed; success and failure count as execute counts them', () => {
    const breaker = circuitBreaker<string>({ failureThreshold: 2 });
    const log = record(breaker);
    const first = breaker.tryAcquire('a');
    expect(first.state).toBe('closed');
    expect(first.ready).toBeUndefined();
    first.success();
    breaker.tryAcquire('b').failure(new ConnectionError('x'));
    breaker.tryAcquire('c').failure(new ConnectionError('y'));
    expect(breaker.state).toBe('open');
    expect(breaker.stats()).toMatchObject({ successes: 1, failures: 2, consecutiveFailures: 2 });
    expect(log).toEqual(['success closed a', 'failure closed x b', 'failure closed y c', 'stateChange closed->open']);
  });

  it('throws BrokenCircuitError with retryAfter while open, IsolatedCircuitError while isolated, emitting rejected', () => {
    const breaker = circuitBreaker<string>({ failureThreshold: 1, recoveryTimeout: 1_000 });
    const log = record(breaker);
    breaker.tryAcquire().failure(new ConnectionError('down'));
    vi.advanceTimersByTime(400);
    let error: unknown;
    try {
      breaker.tryAcquire('late');
    } catch (caught: unknown) {
      error = caught;
    }
    expect(error).toBeInstanceOf(BrokenCircuitError);
    expect(error).toMatchObject({ breakerName: 'default', retryAfter: 600 });
    breaker.isolate();
    expect(() => breaker.tryAcquire('held')).toThrow(IsolatedCircuitError);
    expect(breaker.stats().rejections).toBe(2);
    expect(log.filter((line) => line.startsWith('rejected'))).toEqual(['rejected open 600 late', 'rejected isolated Infinity held']);
  });

  it('settles once: the first of success, failure or ignore counts, later ones do nothing', () => {
    const breaker = circuitBreaker({ failureThreshold: 1 });
    const permit = breaker.tryAcquire();
    permit.success();
    permit.failure(new ConnectionError('late'));
    permit.ignore();
    permit.success();
    expect(breaker.stats()).toMatchObject({ state: 'closed', successes: 1, failures: 0 });
    const failed = breaker.tryAcquire();
    failed.failure(new ConnectionError('down'));
    failed.success();
    expect(breaker.stats()).toMatchObject({ state: 'open', successes: 1, failures: 1 });
  });

  it('failure(error) applies ignore and isFailure like execute', () => {
    const breaker = circuitBreaker<string>({
      failureThreshold: 1,
      isFailure: (error) => !(error instanceof ValueError),
      ignore: (error) => error instanceof RangeError,
    });
    const log = record(breaker);
    breaker.tryAcquire('v').failure(new ValueError('bad input'));
    breaker.tryAcquire('r').failure(new RangeError('local'));
    breaker.tryAcquire('t').failure(new ThrottledError(0.5));
    expect(breaker.stats()).toMatchObject({ state: 'closed', successes: 1, failures: 0 });
    expect(log).toEqual(['success closed v']);
  });

  it('counts half-open slots: a trial holds its slot until settled; ignore gives it back; success closes', () => {
    const breaker = halfOpen({ halfOpenMaxCalls: 1 });
    const log = record(breaker);
    const trial = breaker.tryAcquire('t1');
    expect(trial.state).toBe('half-open');
    expect(() => breaker.tryAcquire('t2')).toThrow(BrokenCircuitError);
    trial.ignore();
    const next = breaker.tryAcquire('t3');
    expect(() => breaker.tryAcquire('t4')).toThrow(BrokenCircuitError);
    next.success();
    expect(breaker.state).toBe('closed');
    expect(log).toEqual(['rejected half-open 0 t2', 'rejected half-open 0 t4', 'success half-open t3', 'stateChange half-open->closed']);
  });

  it('a failed trial opens the circuit again', () => {
    const breaker = halfOpen();
    breaker.tryAcquire().failure(new ConnectionError('still down'));
    expect(breaker.stats()).toMatchObject({ state: 'open', openedAt: 1_000 });
  });

  it('a permit admitted before a transition counts but does not move the circuit', () => {
    const breaker = circuitBreaker({ failureThreshold: 1 });
    const late = breaker.tryAcquire();
    breaker.tryAcquire().failure(new ConnectionError('down'));
    expect(breaker.state).toBe('open');
    late.success();
    expect(breaker.stats()).toMatchObject({ state: 'open', successes: 1, failures: 1 });
  });

  it('emits the same events as execute for the same outcomes', async () => {
    const fail = (message: string): Error => new ConnectionError(message);
    const script: (Error | 'ok')[] = ['ok', fail('a'), new ValueError('b'), fail('c'), fail('d'), 'ok', 'ok', fail('e'), fail('f'), 'ok', fail('g'), 'ok'];
    const options: CircuitBreakerOptions = { failureThreshold: 2, recoveryTimeout: 10, isFailure: (e) => !(e instanceof ValueError) };
    const viaExecute = circuitBreaker<string>(options);
    const viaPermit = circuitBreaker<string>(options);
    const executeLog = record(viaExecute);
    const permitLog = record(viaPermit);
    for (const [index, step] of script.entries()) {
      const context = `call${index}`;
      await viaExecute.execute(() => (step === 'ok' ? 'ok' : Promise.reject(step)), undefined, 1, context).catch(() => undefined);
      try {
        const permit = viaPermit.tryAcquire(context);
        if (step === 'ok') permit.success();
        else permit.failure(step);
      } catch {
        // rejected: recorded by the event
      }
      vi.advanceTimersByTime(5);
    }
    expect(executeLog).toEqual(expect.arrayContaining(['stateChange closed->open', 'rejected open 5 call5', 'stateChange open->half-open']));
    expect(permitLog).toEqual(executeLog);
    expect(viaPermit.stats()).toEqual(viaExecute.stats());
  });
});

describe('tryAcquire with a store', () => {
  function storeAnswering(answer: () => boolean | Promise<boolean>): BreakerStore {
    return {
      attach: () => ({ failure: () => undefined, transition: () => undefined, acquireTrial: answer, detach: () => undefined }),
    };
  }

  it('a half-open trial is ready once the store grants it', async () => {
    const breaker = halfOpen({ store: storeAnswering(() => Promise.resolve(true)) });
    const permit = breaker.tryAcquire();
    expect(permit.ready).toBeInstanceOf(Promise);
    await permit.ready;
    permit.success();
    expect(breaker.state).toBe('closed');
  });

  it('a refused trial rejects ready with BrokenCircuitError, gives its slot back and is settled', async () => {
    let answer = false;
    const breaker = halfOpen({ store: storeAnswering(() => answer) });
    const permit = breaker.tryAcquire();
    expect(await rejectionOf(permit.ready ?? Promise.resolve())).toBeInstanceOf(BrokenCircuitError);
    permit.success(); // settled by the refusal: does nothing
    expect(breaker.stats()).toMatchObject({ state: 'half-open', successes: 0, rejections: 1 });
    answer = true;
    const next = breaker.tryAcquire(); // the slot is free again
    await next.ready;
    next.success();
    expect(breaker.state).toBe('closed');
  });

  it('a closed circuit needs no store answer', () => {
    const breaker = circuitBreaker({ store: storeAnswering(() => false) });
    expect(breaker.tryAcquire().ready).toBeUndefined();
  });
});
