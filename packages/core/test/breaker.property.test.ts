import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BrokenCircuitError, circuitBreaker, type BreakerStats, type CircuitBreaker } from '../src/index.js';
import { ConnectionError, deferred, ValueError, type Deferred } from './helpers.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

// ---------------------------------------------------------------------------
// Half-open admission under random interleavings of calls and completions.

type Command = { kind: 'start' } | { kind: 'finish'; pick: number; ok: boolean } | { kind: 'advance'; ms: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.constant<Command>({ kind: 'start' }),
  fc.record({ kind: fc.constant('finish' as const), pick: fc.nat(), ok: fc.boolean() }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 150 }) }),
);

interface InFlight {
  gate: Deferred<string>;
  call: Promise<unknown>;
  /** The half-open period it was admitted in as a trial, or -1 when admitted while closed. */
  period: number;
}

describe('half-open admission (property)', () => {
  it('never admits more than halfOpenMaxCalls trials, and admits exactly while a slot is free', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        fc.array(command, { maxLength: 60 }),
        async (halfOpenMaxCalls, successThreshold, failureThreshold, commands) => {
          vi.clearAllTimers();
          const breaker = circuitBreaker({ failureThreshold, recoveryTimeout: 100, halfOpenMaxCalls, successThreshold });
          let period = 0;
          breaker.on('stateChange', ({ to }) => {
            if (to === 'half-open') period++;
          });
          const inFlight: InFlight[] = [];
          const trials = (): number => inFlight.filter((c) => c.period === period && breaker.state === 'half-open').length;
          for (const step of commands) {
            if (step.kind === 'advance') {
              vi.advanceTimersByTime(step.ms);
            } else if (step.kind === 'start') {
              const state = breaker.state;
              const before = trials();
              const gate = deferred<string>();
              const fn = vi.fn(() => gate.promise);
              const call = breaker.execute(fn);
              call.catch(() => undefined);
              const ran = fn.mock.calls.length === 1; // fn runs synchronously when admitted
              if (state === 'half-open') expect(ran).toBe(before < halfOpenMaxCalls);
              if (ran) inFlight.push({ gate, call, period: state === 'half-open' ? period : -1 });
              else expect(await call.catch((e: unknown) => e)).toBeInstanceOf(BrokenCircuitError);
            } else if (inFlight.length > 0) {
              const [done] = inFlight.splice(step.pick % inFlight.length, 1);
              if (step.ok) done!.gate.resolve('ok');
              else done!.gate.reject(new ConnectionError('down'));
              await done!.call.catch(() => undefined);
            }
            expect(trials()).toBeLessThanOrEqual(halfOpenMaxCalls);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------
// A random sequence of outcomes drives the breaker exactly like a reference model.

type Step = 'success' | 'failure' | 'ignored' | 'reset' | { advance: number };

/** The consecutive-failures breaker of DESIGN §3, written as plainly as possible. */
class ReferenceBreaker {
  state: 'closed' | 'open' | 'half-open' = 'closed';
  openedAt = 0;
  run = 0; // failures in a row while closed (the strategy)
  trialSuccesses = 0;
  stats = { failures: 0, successes: 0, rejections: 0, consecutiveFailures: 0 };

  constructor(
    readonly failureThreshold: number,
    readonly recoveryTimeout: number,
    readonly successThreshold: number,
  ) {}

  refresh(now: number): void {
    if (this.state === 'open' && now >= this.openedAt + this.recoveryTimeout) {
      this.state = 'half-open';
      this.trialSuccesses = 0;
    }
  }

  /** One call; returns whether fn ran, or the retryAfter of the rejection. */
  call(outcome: 'success' | 'failure' | 'ignored', now: number): { ran: true } | { ran: false; retryAfter: number } {
    this.refresh(now);
    if (this.state === 'open') {
      this.stats.rejections++;
      return { ran: false, retryAfter: this.openedAt + this.recoveryTimeout - now };
    }
    if (outcome === 'failure') {
      this.stats.failures++;
      this.stats.consecutiveFailures++;
      if (this.state === 'half-open' || ++this.run >= this.failureThreshold) this.open(now);
    } else {
      this.stats.successes++;
      this.stats.consecutiveFailures = 0;
      if (this.state === 'closed') this.run = 0;
      else if (++this.trialSuccesses >= this.successThreshold) this.close();
    }
    return { ran: true };
  }

  reset(): void {
    this.close();
    this.stats = { failures: 0, successes: 0, rejections: 0, consecutiveFailures: 0 };
  }

  view(now: number): BreakerStats {
    this.refresh(now);
    const view: BreakerStats = { state: this.state, ...this.stats };
    if (this.state !== 'closed') view.openedAt = this.openedAt;
    return view;
  }

  private open(now: number): void {
    this.state = 'open';
    this.openedAt = now;
  }

  private close(): void {
    this.state = 'closed';
    this.run = 0;
  }
}

const step: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.constantFrom<Step>('success', 'failure', 'ignored'), weight: 6 },
  { arbitrary: fc.constant<Step>('reset'), weight: 1 },
  { arbitrary: fc.integer({ min: 0, max: 400 }).map((advance) => ({ advance })), weight: 3 },
);

async function perform(breaker: CircuitBreaker, outcome: 'success' | 'failure' | 'ignored') {
  let ran = false;
  try {
    await breaker.execute(() => {
      ran = true;
      if (outcome === 'success') return 'ok';
      throw outcome === 'failure' ? new ConnectionError('down') : new ValueError('not counted');
    });
  } catch (error: unknown) {
    if (error instanceof BrokenCircuitError) return { ran, retryAfter: error.retryAfter };
  }
  return { ran };
}

describe('breaker against a reference model (property)', () => {
  it('matches the model in state, stats, admissions and retryAfter after every step', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 1, max: 3 }),
        fc.array(step, { maxLength: 80 }),
        async (failureThreshold, recoveryTimeout, successThreshold, steps) => {
          vi.clearAllTimers();
          const isFailure = (error: unknown): boolean => error instanceof ConnectionError;
          const breaker = circuitBreaker({ failureThreshold, recoveryTimeout, successThreshold, isFailure });
          const model = new ReferenceBreaker(failureThreshold, recoveryTimeout, successThreshold);
          for (const next of steps) {
            if (typeof next === 'object') {
              vi.advanceTimersByTime(next.advance);
            } else if (next === 'reset') {
              breaker.reset();
              model.reset();
            } else {
              const expected = model.call(next, Date.now());
              const actual = await perform(breaker, next);
              expect(actual).toEqual(expected);
            }
            expect(breaker.stats()).toEqual(model.view(Date.now()));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
