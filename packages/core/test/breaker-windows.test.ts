import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { circuitBreaker, CountWindow, TimeWindow, type CircuitBreaker } from '../src/index.js';
import { ConnectionError, rejectionOf } from './helpers.js';

beforeEach(() => {
  // A round start time, so the time window's buckets (duration / 10) line up with the test's steps.
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

type Outcome = 'S' | 'F';

/** Plays outcomes through the breaker; returns the state after each. */
async function play(breaker: CircuitBreaker, outcomes: string): Promise<string[]> {
  const states: string[] = [];
  for (const outcome of outcomes.split('') as Outcome[]) {
    if (outcome === 'S') await breaker.execute(() => 'ok');
    else await rejectionOf(breaker.execute(() => Promise.reject(new ConnectionError('down'))));
    states.push(breaker.state);
  }
  return states;
}

describe('count window', () => {
  it('opens when failures/calls reaches failureRate exactly', async () => {
    const breaker = circuitBreaker({ window: { size: 4, failureRate: 0.5 } });
    expect(await play(breaker, 'SSF')).toEqual(['closed', 'closed', 'closed']);
    expect(await play(breaker, 'F')).toEqual(['open']); // 2/4 = 0.5
  });

  it('waits for minimumCalls (default: size) before it may open', async () => {
    const breaker = circuitBreaker({ window: { size: 5, failureRate: 0.5 } });
    expect(await play(breaker, 'FFFF')).toEqual(['closed', 'closed', 'closed', 'closed']);
    expect(await play(breaker, 'F')).toEqual(['open']);
  });

  it('honours a smaller minimumCalls', async () => {
    const breaker = circuitBreaker({ window: { size: 10, failureRate: 0.5, minimumCalls: 3 } });
    expect(await play(breaker, 'FF')).toEqual(['closed', 'closed']);
    expect(await play(breaker, 'F')).toEqual(['open']);
  });

  it('slides: only the last size calls count', async () => {
    const breaker = circuitBreaker({ window: { size: 4, failureRate: 0.75 } });
    // Three early failures slide out behind four successes; the late failure is 1/4.
    expect(await play(breaker, 'SFFSSSSF')).not.toContain('open');
    expect(await play(breaker, 'FF')).toEqual(['closed', 'open']); // S F F F -> 3/4
  });

  it('ignores failureThreshold: five failures in a row out of a large window do not open it', async () => {
    const breaker = circuitBreaker({ failureThreshold: 1, window: { size: 20, failureRate: 0.5, minimumCalls: 10 } });
    expect(await play(breaker, 'SSSSSFFFF')).not.toContain('open');
    expect(await play(breaker, 'F')).toEqual(['open']); // 10 calls, 5 failures
  });

  it('starts empty again after the circuit closes', async () => {
    const breaker = circuitBreaker({ recoveryTimeout: 100, window: { size: 3, failureRate: 1 } });
    expect(await play(breaker, 'FFF')).toEqual(['closed', 'closed', 'open']);
    vi.advanceTimersByTime(100);
    expect(await play(breaker, 'S')).toEqual(['closed']);
    expect(await play(breaker, 'FF')).toEqual(['closed', 'closed']); // 2 calls < minimumCalls 3
    expect(await play(breaker, 'F')).toEqual(['open']);
  });

  it('as a strategy on its own: failure() says when to open', () => {
    const window = new CountWindow(3, 2 / 3, 3);
    window.success();
    expect(window.failure()).toBe(false); // 2 calls
    expect(window.failure()).toBe(true); // S F F: 2/3
    window.reset();
    expect(window.failure()).toBe(false);
  });
});

describe('time window', () => {
  it('opens on the failure rate of the last duration ms, once minimumCalls fell in it', async () => {
    const breaker = circuitBreaker({ window: { duration: 1_000, failureRate: 0.5, minimumCalls: 4 } });
    expect(await play(breaker, 'SSF')).toEqual(['closed', 'closed', 'closed']);
    vi.advanceTimersByTime(500);
    expect(await play(breaker, 'F')).toEqual(['open']); // 2/4 within 1 s
  });

  it('forgets outcomes older than duration (buckets expire)', async () => {
    const breaker = circuitBreaker({ window: { duration: 1_000, failureRate: 0.5, minimumCalls: 4 } });
    await play(breaker, 'FFF');
    vi.advanceTimersByTime(1_000);
    expect(await play(breaker, 'F')).toEqual(['closed']); // the three old failures expired
    vi.advanceTimersByTime(900);
    expect(await play(breaker, 'FF')).toEqual(['closed', 'closed']); // 3 calls in the last second
    expect(await play(breaker, 'F')).toEqual(['open']); // 4 failures in the last second
  });

  it('keeps outcomes still inside the window', async () => {
    const breaker = circuitBreaker({ window: { duration: 1_000, failureRate: 1, minimumCalls: 3 } });
    await play(breaker, 'F');
    vi.advanceTimersByTime(400);
    await play(breaker, 'F');
    vi.advanceTimersByTime(500); // the first failure is 900 ms old
    expect(await play(breaker, 'F')).toEqual(['open']);
  });

  it('counts successes in the rate', async () => {
    const breaker = circuitBreaker({ window: { duration: 10_000, failureRate: 0.5, minimumCalls: 4 } });
    expect(await play(breaker, 'SSSFF')).not.toContain('open'); // 2/5
    expect(await play(breaker, 'F')).toEqual(['open']); // 3/6
  });

  it('defaults minimumCalls to 10', async () => {
    const breaker = circuitBreaker({ window: { duration: 60_000, failureRate: 1 } });
    expect(await play(breaker, 'FFFFFFFFF')).not.toContain('open');
    expect(await play(breaker, 'F')).toEqual(['open']);
  });

  it('as a strategy on its own: a time-based rate over ten buckets', () => {
    const window = new TimeWindow(1_000, 0.5, 2);
    window.success();
    expect(window.failure()).toBe(true); // 1/2 at the same instant
    vi.advanceTimersByTime(1_000);
    expect(window.failure()).toBe(false); // the old bucket expired: 1 call < 2
  });
});
