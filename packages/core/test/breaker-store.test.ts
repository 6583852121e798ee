import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BrokenCircuitError,
  circuitBreaker,
  type BreakerStore,
  type BreakerStoreBinding,
  type BreakerStoreHandle,
  type CircuitState,
} from '../src/index.js';
import { ConnectionError, rejectionOf } from './helpers.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

/**
 * A fleet in memory: the smallest store that drives breakers through the seam —
 * opens every member once `quorum` failures were reported fleet-wide, relays each
 * member's own transitions to the others, and grants one half-open probe at a time.
 */
class FakeFleetStore implements BreakerStore {
  readonly members = new Set<BreakerStoreHandle>();
  readonly log: string[] = [];
  failures = 0;
  probe: BreakerStoreHandle | undefined;
  trialAnswer: ((member: BreakerStoreHandle) => boolean | Promise<boolean>) | undefined;

  constructor(readonly quorum: number) {}

  attach(member: BreakerStoreHandle): BreakerStoreBinding {
    this.members.add(member);
    this.log.push(`attach ${member.name} (threshold ${member.failureThreshold}, recovery ${member.recoveryTimeout})`);
    return {
      failure: (at) => {
        this.log.push(`failure ${member.name}`);
        if (++this.failures >= this.quorum) this.broadcast(undefined, 'open', at);
      },
      transition: (change) => {
        this.log.push(`transition ${change.name} ${change.from}->${change.to}`);
        if (change.to === 'closed') {
          this.failures = 0;
          this.probe = undefined;
        }
        this.broadcast(member, change.to, change.at);
      },
      acquireTrial: () => {
        if (this.trialAnswer !== undefined) return this.trialAnswer(member);
        if (this.probe !== undefined && this.probe !== member) return false;
        this.probe = member;
        return true;
      },
      detach: () => {
        this.members.delete(member);
        this.log.push(`detach ${member.name}`);
      },
    };
  }

  broadcast(except: BreakerStoreHandle | undefined, to: CircuitState, at: number): void {
    for (const member of this.members) if (member !== except) member.applyRemote(to, at);
  }
}

const fail = (): Promise<never> => Promise.reject(new ConnectionError('down'));

function fleet(quorum = 100, recoveryTimeout = 1_000) {
  const store = new FakeFleetStore(quorum);
  const a = circuitBreaker({ name: 'a', failureThreshold: 2, recoveryTimeout, store });
  const b = circuitBreaker({ name: 'b', failureThreshold: 2, recoveryTimeout, store });
  return { store, a, b };
}

describe('breaker store seam', () => {
  it('attaches each breaker once, showing its name and settings', () => {
    const { store } = fleet();
    expect(store.log).toEqual(['attach a (threshold 2, recovery 1000)', 'attach b (threshold 2, recovery 1000)']);
  });

  it("one breaker's own opening reaches the other, which then rejects without calling", async () => {
    const { store, a, b } = fleet();
    const seen = vi.fn();
    b.on('stateChange', seen);
    await rejectionOf(a.execute(fail));
    await rejectionOf(a.execute(fail));
    expect(a.state).toBe('open');
    expect(b.state).toBe('open');
    expect(b.stats().openedAt).toBe(a.stats().openedAt);
    expect(seen).toHaveBeenCalledWith({ name: 'b', from: 'closed', to: 'open', at: Date.now() });
    const fn = vi.fn(() => 'x');
    await expect(b.execute(fn)).rejects.toMatchObject({ breakerName: 'b', retryAfter: 1_000 });
    expect(fn).not.toHaveBeenCalled();
    // b applied a remote transition: it does not report it back to the store.
    expect(store.log.filter((line) => line.startsWith('transition'))).toEqual(['transition a closed->open']);
  });

  it('a shared failure count opens the fleet before either breaker would alone', async () => {
    const { store, a, b } = fleet(3);
    await rejectionOf(a.execute(fail));
    await rejectionOf(b.execute(fail));
    await b.execute(() => 'ok'); // a success while closed never reaches the store
    expect([a.state, b.state]).toEqual(['closed', 'closed']);
    await rejectionOf(a.execute(fail));
    expect([a.state, b.state]).toEqual(['open', 'open']);
    expect(store.log.filter((line) => line.startsWith('failure'))).toEqual(['failure a', 'failure b', 'failure a']);
  });

  it('admits one half-open probe across the fleet; its success closes every breaker', async () => {
    const { a, b } = fleet();
    await rejectionOf(a.execute(fail));
    await rejectionOf(a.execute(fail));
    vi.advanceTimersByTime(1_000);
    expect([a.state, b.state]).toEqual(['half-open', 'half-open']);
    let release!: () => void;
    const probe = a.execute(
      () =>
        new Promise<string>((resolve) => {
          release = () => {
            resolve('probe ok');
          };
        }),
    );
    await vi.advanceTimersByTimeAsync(0);
    const fn = vi.fn(() => 'x');
    const refused = await rejectionOf(b.execute(fn));
    expect(refused).toBeInstanceOf(BrokenCircuitError);
    expect(refused).toMatchObject({ breakerName: 'b', retryAfter: 0 });
    expect(fn).not.toHaveBeenCalled();
    release();
    await expect(probe).resolves.toBe('probe ok');
    expect([a.state, b.state]).toEqual(['closed', 'closed']);
    await expect(b.execute(fn)).resolves.toBe('x');
  });

  it('a refused trial gives its local slot back', async () => {
    const { store, a, b } = fleet();
    await rejectionOf(a.execute(fail));
    await rejectionOf(a.execute(fail));
    vi.advanceTimersByTime(1_000);
    store.trialAnswer = () => Promise.resolve(false);
    await expect(b.execute(() => 'x')).rejects.toBeInstanceOf(BrokenCircuitError);
    store.trialAnswer = () => true;
    await expect(b.execute(() => 'trial')).resolves.toBe('trial');
    expect(b.state).toBe('closed');
  });

  it('a granted trial does not run when the fleet reopened the circuit while the store answered', async () => {
    const { store, a } = fleet();
    await rejectionOf(a.execute(fail));
    await rejectionOf(a.execute(fail));
    vi.advanceTimersByTime(1_000);
    let grant: (granted: boolean) => void = () => undefined;
    store.trialAnswer = () => new Promise<boolean>((resolve) => { grant = resolve; });
    const trial = vi.fn(() => 'trial');
    const pending = a.execute(trial);
    a.applyRemote('open', Date.now()); // another replica's probe failed meanwhile
    grant(true);
    const error = await rejectionOf(pending);
    expect(error).toBeInstanceOf(BrokenCircuitError);
    expect((error as BrokenCircuitError).retryAfter).toBe(1_000);
    expect(trial).not.toHaveBeenCalled();
  });

  it('a store that fails to answer does not fail the call: the breaker decides locally', async () => {
    const { store, a } = fleet();
    await rejectionOf(a.execute(fail));
    await rejectionOf(a.execute(fail));
    vi.advanceTimersByTime(1_000);
    store.trialAnswer = () => Promise.reject(new Error('store unreachable'));
    await expect(a.execute(() => 'trial')).resolves.toBe('trial');
    expect(a.state).toBe('closed');
  });

  it('dispose() detaches from the store and clears the half-open timer', async () => {
    const { store, a, b } = fleet();
    await rejectionOf(a.execute(fail));
    await rejectionOf(a.execute(fail));
    expect(vi.getTimerCount()).toBe(2);
    a.dispose();
    b.dispose();
    expect(vi.getTimerCount()).toBe(0);
    expect(store.members.size).toBe(0);
    expect(store.log.slice(-2)).toEqual(['detach a', 'detach b']);
  });

  it('applyRemote of the same open is a no-op; a newer open restarts the recovery timeout', async () => {
    const { a } = fleet();
    const changes = vi.fn();
    a.on('stateChange', changes);
    a.applyRemote('open', 1_000_000);
    a.applyRemote('open', 1_000_000);
    expect(changes).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(500);
    a.applyRemote('open', Date.now());
    expect(changes).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(999);
    expect(a.state).toBe('open');
    vi.advanceTimersByTime(1);
    expect(a.state).toBe('half-open');
  });
});
