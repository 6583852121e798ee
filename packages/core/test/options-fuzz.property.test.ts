// Fuzzing the options a person types (DESIGN §3, §9): every generated input either builds a policy
// that works, or throws a TypeError/RangeError at construction whose message names a field it was
// given. Nothing crashes later, hangs, or is silently altered.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BrokenCircuitError, bulkhead, circuitBreaker, rateLimit, resilient, retry, timeout } from '../src/index.js';

const RUNS = 2_000;

/** Values a careless config holds: edge numbers, wrong types, nulls. */
const value = fc.oneof(
  fc.integer({ min: -3, max: 20 }),
  fc.double({ noDefaultInfinity: false }),
  fc.constantFrom(0, 1, 0.5, NaN, Infinity, -Infinity, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 1e12, 3e9, null, '', '5', 'full', 'exponential', true, false, [], {}),
);

function optionsOf(keys: readonly string[], extra: Record<string, fc.Arbitrary<unknown>> = {}): fc.Arbitrary<Record<string, unknown>> {
  const typos = ['maxAttemps', 'failureTreshold', 'limt', 'intervall'];
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const key of [...keys, ...typos]) record[key] = extra[key] ?? value;
  return fc.record(record, { requiredKeys: [] });
}

/** Either it works, or it threw a TypeError/RangeError naming one of the fields given (or a required one, missing). */
async function worksOrNamesAField(
  given: Record<string, unknown>,
  make: () => { execute: (fn: () => number) => Promise<unknown> },
  required: readonly string[] = [],
): Promise<void> {
  let policy: { execute: (fn: () => number) => Promise<unknown> };
  try {
    policy = make();
  } catch (error: unknown) {
    expect(error instanceof TypeError || error instanceof RangeError).toBe(true);
    const message = (error as Error).message;
    expect([...Object.keys(given), ...required].some((key) => message.includes(key))).toBe(true);
    return;
  }
  try {
    expect(await policy.execute(() => 1)).toBe(1);
  } catch (error: unknown) {
    // A breaker restored open rejects: with a finite wait.
    expect(error).toBeInstanceOf(BrokenCircuitError);
    expect(Number.isFinite((error as BrokenCircuitError).retryAfter)).toBe(true);
  }
}

const window = fc.oneof(
  fc.record({ size: value, failureRate: value, minimumCalls: value }, { requiredKeys: [] }),
  fc.record({ duration: value, failureRate: value, minimumCalls: value, extra: value }, { requiredKeys: [] }),
  value,
);
const initialState = fc.oneof(
  fc.record({ state: fc.constantFrom('closed', 'open', 'half-open', 'isolated', 'nope', null), openedAt: value }, { requiredKeys: ['state'] }),
  value,
);

describe('core options, fuzzed', () => {
  it('circuitBreaker', async () => {
    const keys = ['failureThreshold', 'recoveryTimeout', 'halfOpenMaxCalls', 'successThreshold', 'window', 'initialState', 'name'];
    await fc.assert(fc.asyncProperty(optionsOf(keys, { window, initialState }), (given) => worksOrNamesAField(given, () => circuitBreaker(given))), { numRuns: RUNS });
  });

  it('retry', async () => {
    const keys = ['maxAttempts', 'backoff', 'baseDelay', 'factor', 'maxDelay', 'jitter', 'maxElapsed'];
    await fc.assert(fc.asyncProperty(optionsOf(keys), (given) => worksOrNamesAField(given, () => retry(given))), { numRuns: RUNS });
  });

  it('timeout, bulkhead, rateLimit', async () => {
    await fc.assert(
      fc.asyncProperty(optionsOf(['ms', 'strategy']), optionsOf(['limit', 'queue']), optionsOf(['tokens', 'interval', 'burst', 'maxWait']), async (t, b, r) => {
        await worksOrNamesAField(t, () => timeout(t as never), ['timeout']);
        await worksOrNamesAField(b, () => bulkhead(b as never), ['limit']);
        await worksOrNamesAField(r, () => rateLimit(r as never), ['tokens', 'interval']);
      }),
      { numRuns: RUNS },
    );
  });

  it('timeout(ms) as a number', async () => {
    await fc.assert(fc.asyncProperty(value, (ms) => worksOrNamesAField({ timeout: ms }, () => timeout(ms as number))), { numRuns: RUNS });
  });

  it('resilient (the union)', async () => {
    const keys = ['failureThreshold', 'maxAttempts', 'baseDelay', 'maxDelay', 'jitter', 'recoveryTimeout', 'window'];
    await fc.assert(
      fc.asyncProperty(optionsOf(keys, { window }), (given) =>
        worksOrNamesAField(given, () => {
          const wrapped = resilient(given);
          return { execute: (fn: () => number) => wrapped(fn)() };
        }),
      ),
      { numRuns: RUNS },
    );
  });
});
