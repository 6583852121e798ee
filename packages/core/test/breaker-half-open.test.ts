import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BrokenCircuitError, circuitBreaker, type CircuitBreaker } from '../src/index.js';
import { ConnectionError, deferred, rejectionOf, type Deferred } from './helpers.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A breaker already half-open: opened by one failure, recovery timeout passed. */
async function halfOpen(options: Parameters<typeof circuitBreaker>[0] = {}): Promise<CircuitBreaker> {
  const breaker = circuitBreaker({ failureThreshold: 1, recoveryTimeout: 1_000, ...options });
  await rejectionOf(breaker.execute(() => Promise.reject(new ConnectionError('down'))));
  vi.advanceTimersByTime(1_000);
  expect(breaker.state).toBe('half-open');
  return breaker;
}

/** Starts a call held in flight until its deferred is settled. */
function hold(breaker: CircuitBreaker, signal?: AbortSignal): { call: Promise<string>; gate: Deferred<string> } {
  const gate = deferred<string>();
  const call = breaker.execute(() => gate.promise, signal);
  call.catch(() => undefined); // outcomes are checked where they matter
  return { call, gate };
}

describe('half-open admission', () => {
  it('admits exactly halfOpenMaxCalls trials at once and rejects the rest with retryAfter 0', async () => {
    const breaker = await halfOpen({ halfOpenMaxCalls: 3, successThreshold: 3 });
    const trials = [hold(breaker), hold(breaker), hold(breaker)];
    const fn = vi.fn(() => 'never');
    for (let i = 0; i < 2; i++) {
      const error = await rejectionOf(breaker.execute(fn));
      expect(error).toBeInstanceOf(BrokenCircuitError);
      expect(error).toMatchObject({ retryAfter: 0 });
    }
    expect(fn).not.toHaveBeenCalled();
    expect(breaker.stats().rejections).toBe(2);
    for (const trial of trials) trial.gate.resolve('ok');
    await Promise.all(trials.map((t) => t.call));
    expect(breaker.state).toBe('closed');
  });

  it('a successful trial frees its slot for the next one', async () => {
    const breaker = await halfOpen({ successThreshold: 2 });
    const first = hold(breaker);
    await expect(breaker.execute(() => 'x')).rejects.toBeInstanceOf(BrokenCircuitError);
    first.gate.resolve('ok');
    await first.call;
    expect(breaker.state).toBe('half-open');
    await expect(breaker.execute(() => 'second')).resolves.toBe('second');
    expect(breaker.state).toBe('closed');
  });

  it('closes only after successThreshold successful trials', async () => {
    const breaker = await halfOpen({ successThreshold: 3 });
    await breaker.execute(() => 1);
    await breaker.execute(() => 2);
    expect(breaker.state).toBe('half-open');
    await breaker.execute(() => 3);
    expect(breaker.state).toBe('closed');
  });

  it('one failed trial reopens even after some successes', async () => {
    const breaker = await halfOpen({ successThreshold: 3 });
    await breaker.execute(() => 1);
    await rejectionOf(breaker.execute(() => Promise.reject(new ConnectionError('again'))));
    expect(breaker.state).toBe('open');
    expect(breaker.stats().openedAt).toBe(Date.now());
  });

  it('an error isFailure rejects is a successful trial', async () => {
    const breaker = await halfOpen({ isFailure: (e) => e instanceof ConnectionError });
    const notCounted = new TypeError('caller mistake');
    await expect(breaker.execute(() => Promise.reject(notCounted))).rejects.toBe(notCounted);
    expect(breaker.state).toBe('closed');
  });
});

describe('late outcomes', () => {
  it('a failure of a call admitted while closed does not reopen a circuit that has moved on', async () => {
    const breaker = circuitBreaker({ failureThreshold: 1, recoveryTimeout: 1_000 });
    const slow = hold(breaker);
    await rejectionOf(breaker.execute(() => Promise.reject(new ConnectionError('down'))));
    vi.advanceTimersByTime(1_000);
    await breaker.execute(() => 'trial'); // closes again
    expect(breaker.state).toBe('closed');
    slow.gate.reject(new ConnectionError('late'));
    await rejectionOf(slow.call);
    expect(breaker.state).toBe('closed');
    expect(breaker.stats().failures).toBe(2); // counted in stats, but it moved nothing
  });

  it('a late failure from the closed period does not reopen a half-open circuit, nor take its slot', async () => {
    const breaker = circuitBreaker({ failureThreshold: 1, recoveryTimeout: 1_000 });
    const slow = hold(breaker);
    await rejectionOf(breaker.execute(() => Promise.reject(new ConnectionError('down'))));
    vi.advanceTimersByTime(1_000);
    slow.gate.reject(new ConnectionError('late'));
    await rejectionOf(slow.call);
    expect(breaker.state).toBe('half-open');
    await expect(breaker.execute(() => 'trial')).resolves.toBe('trial');
    expect(breaker.state).toBe('closed');
  });

  it('a late success from the closed period does not close an open circuit', async () => {
    const breaker = circuitBreaker({ failureThreshold: 1, recoveryTimeout: 1_000 });
    const slow = hold(breaker);
    await rejectionOf(breaker.execute(() => Promise.reject(new ConnectionError('down'))));
    slow.gate.resolve('late');
    await expect(slow.call).resolves.toBe('late');
    expect(breaker.state).toBe('open');
  });

  it('a trial of an earlier half-open period does not count in the next one', async () => {
    const breaker = await halfOpen({ halfOpenMaxCalls: 2 });
    const oldTrial = hold(breaker);
    await rejectionOf(breaker.execute(() => Promise.reject(new ConnectionError('bad trial'))));
    expect(breaker.state).toBe('open');
    vi.advanceTimersByTime(1_000);
    const newTrial = hold(breaker);
    oldTrial.gate.resolve('late');
    await oldTrial.call;
    expect(breaker.state).toBe('half-open'); // the old success closed nothing
    // ...and freed no slot of the new period: one new trial in flight, one slot left.
    const another = hold(breaker);
    await expect(breaker.execute(() => 'x')).rejects.toBeInstanceOf(BrokenCircuitError);
    newTrial.gate.resolve('ok');
    another.gate.resolve('ok');
    await Promise.all([newTrial.call, another.call]);
    expect(breaker.state).toBe('closed');
  });
});

describe("the caller's abort", () => {
  it('is neither a failure nor a success in closed state', async () => {
    const breaker = circuitBreaker({ failureThreshold: 1 });
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    const call = breaker.execute(({ signal }) => {
      return new Promise<never>((_, reject) => {
        signal.addEventListener('abort', () => {
          reject(signal.reason as unknown);
        });
      });
    }, controller.signal);
    controller.abort(reason);
    await expect(call).rejects.toBe(reason);
    expect(breaker.state).toBe('closed');
    expect(breaker.stats()).toMatchObject({ failures: 0, successes: 0, consecutiveFailures: 0 });
  });

  it('gives its half-open slot back without closing or reopening', async () => {
    const breaker = await halfOpen();
    const controller = new AbortController();
    const trial = hold(breaker, controller.signal);
    controller.abort();
    trial.gate.reject(new ConnectionError('aborted mid-call'));
    await rejectionOf(trial.call);
    expect(breaker.state).toBe('half-open');
    expect(breaker.stats().failures).toBe(1); // only the one that opened it
    await expect(breaker.execute(() => 'next trial')).resolves.toBe('next trial');
    expect(breaker.state).toBe('closed');
  });
});
