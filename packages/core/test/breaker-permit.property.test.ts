/**
 * A permit is what `execute` does around a function: driving one breaker through
 * `execute` and another through `tryAcquire` with the same random interleavings of
 * calls, outcomes and time gives the same events, `stats()` and admissions.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { circuitBreaker, type BreakerPermit, type CircuitBreaker } from '../src/index.js';
import { ConnectionError, deferred, flush, ValueError, type Deferred } from './helpers.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

type Outcome = 'ok' | 'fail' | 'not-a-failure' | 'ignored' | 'aborted';
type Command = { kind: 'start' } | { kind: 'finish'; pick: number; outcome: Outcome } | { kind: 'advance'; ms: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.constant<Command>({ kind: 'start' }),
  fc.record({
    kind: fc.constant('finish' as const),
    pick: fc.nat(),
    outcome: fc.constantFrom<Outcome>('ok', 'fail', 'not-a-failure', 'ignored', 'aborted'),
  }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 60 }) }),
);

function breakerWithLog(halfOpenMaxCalls: number): { breaker: CircuitBreaker<number>; log: string[] } {
  const breaker = circuitBreaker<number>({
    failureThreshold: 2,
    recoveryTimeout: 50,
    halfOpenMaxCalls,
    isFailure: (error) => !(error instanceof ValueError),
    ignore: (error) => error instanceof RangeError,
  });
  const log: string[] = [];
  breaker.on('stateChange', ({ from, to, at }) => log.push(`stateChange ${from}->${to} @${at}`));
  breaker.on('success', ({ state, context }) => log.push(`success ${state} #${context}`));
  breaker.on('failure', ({ state, context }) => log.push(`failure ${state} #${context}`));
  breaker.on('rejected', ({ state, retryAfter, context }) => log.push(`rejected ${state} ${retryAfter} #${context}`));
  return { breaker, log };
}

function errorFor(outcome: Outcome): Error {
  if (outcome === 'not-a-failure') return new ValueError('answered');
  if (outcome === 'ignored') return new RangeError('local');
  return new ConnectionError('down');
}

interface ExecuteCall {
  gate: Deferred<string>;
  abort: AbortController;
}

describe('tryAcquire (property)', () => {
  it('gives the same events, stats and admissions as execute', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 3 }), fc.array(command, { maxLength: 50 }), async (halfOpenMaxCalls, commands) => {
        vi.clearAllTimers();
        vi.setSystemTime(0);
        const viaExecute = breakerWithLog(halfOpenMaxCalls);
        const viaPermit = breakerWithLog(halfOpenMaxCalls);
        const calls: ExecuteCall[] = [];
        const permits: BreakerPermit[] = [];
        let next = 0;
        for (const step of commands) {
          if (step.kind === 'advance') {
            vi.advanceTimersByTime(step.ms);
          } else if (step.kind === 'start') {
            const id = next++;
            const gate = deferred<string>();
            const abort = new AbortController();
            const fn = vi.fn(() => gate.promise);
            viaExecute.breaker.execute(fn, abort.signal, 1, id).catch(() => undefined);
            let permit: BreakerPermit | undefined;
            try {
              permit = viaPermit.breaker.tryAcquire(id);
            } catch {
              permit = undefined;
            }
            expect(permit !== undefined).toBe(fn.mock.calls.length === 1);
            if (permit !== undefined) {
              calls.push({ gate, abort });
              permits.push(permit);
            }
          } else if (calls.length > 0) {
            const index = step.pick % calls.length;
            const [call] = calls.splice(index, 1);
            const [permit] = permits.splice(index, 1);
            if (call === undefined || permit === undefined) throw new Error('unreachable');
            if (step.outcome === 'ok') {
              call.gate.resolve('ok');
              permit.success();
            } else if (step.outcome === 'aborted') {
              call.abort.abort();
              call.gate.reject(new ConnectionError('aborted'));
              permit.ignore();
            } else {
              const error = errorFor(step.outcome);
              call.gate.reject(error);
              permit.failure(error);
            }
            await flush();
          }
          expect(viaPermit.log).toEqual(viaExecute.log);
          expect(viaPermit.breaker.stats()).toEqual(viaExecute.breaker.stats());
        }
      }),
      { numRuns: 150 },
    );
  });
});
