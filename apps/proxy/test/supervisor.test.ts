import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { restartDelay, Supervisor, type Supervised, type SupervisorEvent } from '../src/gateway/supervisor.js';

/** A server whose starts succeed or fail as told; records holds and releases. */
function fakeServer(outcomes: ('up' | 'fail')[] = []) {
  const calls: string[] = [];
  const target: Supervised = {
    start: () => {
      calls.push('start');
      return (outcomes.shift() ?? 'up') === 'up' ? Promise.resolve() : Promise.reject(new Error('exited with code 3'));
    },
    hold: () => calls.push('hold'),
    release: () => calls.push('release'),
  };
  return { target, calls, starts: () => calls.filter((c) => c === 'start').length };
}

function watch(supervisor: Supervisor): SupervisorEvent[] {
  const events: SupervisorEvent[] = [];
  supervisor.on((event) => events.push(event));
  return events;
}

describe('restartDelay', () => {
  it('doubles from baseDelay up to maxDelay', () => {
    const options = { baseDelay: 1000, factor: 2, maxDelay: 30_000 };
    expect([1, 2, 3, 4, 5, 6, 7, 50].map((n) => restartDelay(n, options))).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });
});

describe('Supervisor (fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('restarts after an exit with a backoff that grows while the server never stays up', async () => {
    const server = fakeServer();
    const supervisor = new Supervisor('a', server.target);
    const events = watch(supervisor);
    supervisor.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(supervisor.status().state).toBe('up');
    supervisor.exited('exited with code 1');
    expect(server.calls.at(-1)).toBe('hold');
    expect(supervisor.status()).toMatchObject({ state: 'backoff', exits: 1, nextRestartAt: Date.now() + 1000 });
    await vi.advanceTimersByTimeAsync(999);
    expect(server.starts()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.starts()).toBe(2);
    expect(server.calls.at(-1)).toBe('release');
    await vi.advanceTimersByTimeAsync(29_000); // up, but not for stableAfter
    supervisor.exited('killed by SIGKILL');
    expect(supervisor.status().nextRestartAt).toBe(Date.now() + 2000);
    expect(events.map((e) => e.type)).toEqual(['up', 'exit', 'restart-scheduled', 'restart', 'up', 'exit', 'restart-scheduled']);
    expect(events[5]).toMatchObject({ type: 'exit', server: 'a', exits: 2, detail: 'killed by SIGKILL' });
  });

  it('the backoff starts over only after the server stayed up stableAfter', async () => {
    const server = fakeServer();
    const supervisor = new Supervisor('a', server.target, { stableAfter: 10_000 });
    const events = watch(supervisor);
    supervisor.start();
    await vi.advanceTimersByTimeAsync(0);
    supervisor.exited('boom');
    await vi.advanceTimersByTimeAsync(1000);
    supervisor.exited('boom');
    await vi.advanceTimersByTimeAsync(2000);
    await vi.advanceTimersByTimeAsync(9_999);
    expect(supervisor.status().exits).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(supervisor.status().exits).toBe(0);
    expect(events.at(-1)).toEqual({ type: 'stable', server: 'a' });
    supervisor.exited('boom');
    expect(supervisor.status().nextRestartAt).toBe(Date.now() + 1000);
    expect(supervisor.status().restarts).toBe(2);
  });

  it('a crash loop holds the breaker open and restarts at most every maxDelay: bounded, no spin', async () => {
    const server = fakeServer(Array.from({ length: 1000 }, () => 'fail' as const));
    const supervisor = new Supervisor('loop', server.target, { crashLoopAfter: 5, maxDelay: 30_000 });
    const events = watch(supervisor);
    supervisor.start();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    // Starts at t = 0, 1, 3, 7, 15 and 31 s (waits of 1, 2, 4, 8, 16 s), then every 30 s up to 571 s.
    expect(server.starts()).toBe(24);
    expect(server.calls.includes('release')).toBe(false);
    expect(supervisor.status().state).toBe('crash-loop');
    const loops = events.filter((e) => e.type === 'crash-loop');
    expect(loops).toEqual([{ type: 'crash-loop', server: 'loop', exits: 5, delayMs: 16_000, maxDelayMs: 30_000 }]);
    expect(events.filter((e) => e.type === 'exit').at(-1)).toMatchObject({ detail: 'exited with code 3' });
  });

  it('a start overtaken by an exit does not count as up; stop cancels the pending restart', async () => {
    let finish: () => void = () => undefined;
    const calls: string[] = [];
    const target: Supervised = {
      start: () => new Promise<void>((resolve) => (finish = resolve)),
      hold: () => calls.push('hold'),
      release: () => calls.push('release'),
    };
    const supervisor = new Supervisor('a', target);
    supervisor.start();
    supervisor.exited('died while starting');
    finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(supervisor.status().state).toBe('backoff');
    supervisor.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(supervisor.status()).toMatchObject({ state: 'stopped', restarts: 0 });
    expect(calls).toEqual(['hold']);
  });

  it('refuses bad options, naming them', () => {
    const { target } = fakeServer();
    expect(() => new Supervisor('a', target, { stableAfter: -1 })).toThrow(new RangeError('stableAfter must be a number from 0 to 2147483647, got -1'));
    expect(() => new Supervisor('a', target, { factor: 0.5 })).toThrow(/factor must be a number from 1/);
    expect(() => new Supervisor('a', target, { crashLoopAfter: Number.NaN })).toThrow(/crashLoopAfter/);
  });
});
