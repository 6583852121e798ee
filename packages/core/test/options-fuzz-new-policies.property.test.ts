// The same fuzz as options-fuzz.property.test.ts, over the policies added after it (DESIGN §3, §9):
// every generated input builds a policy that works, or throws a TypeError/RangeError at
// construction whose message names a field it was given (or a required one, missing).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adaptiveLimit, chaos, hedge, retryBudget, throttle } from '../src/index.js';

const RUNS = 1_000;

/** Values a careless config holds: edge numbers, wrong types, nulls. */
const value = fc.oneof(
  fc.integer({ min: -3, max: 20 }),
  fc.double({ noDefaultInfinity: false }),
  fc.constantFrom(0, 1, 0.5, NaN, Infinity, -Infinity, 2 ** 31 - 1, 2 ** 31, 1e12, null, '', '5', '0.5', 'aimd', true, false, [], {}),
);

function optionsOf(keys: readonly string[], extra: Record<string, fc.Arbitrary<unknown>> = {}): fc.Arbitrary<Record<string, unknown>> {
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const key of [...keys, 'maxHedge', 'ratoi', 'intial']) record[key] = extra[key] ?? value;
  return fc.record(record, { requiredKeys: [] });
}

interface Runnable {
  execute: (fn: () => number) => Promise<unknown>;
}

/** Either it works (or is a budget), or it threw a TypeError/RangeError naming one of the fields given. */
async function worksOrNamesAField(given: Record<string, unknown>, make: () => Runnable | object, required: readonly string[] = []): Promise<void> {
  let made: Runnable | object;
  try {
    made = make();
  } catch (error: unknown) {
    expect(error instanceof TypeError || error instanceof RangeError, String(error)).toBe(true);
    const message = (error as Error).message;
    expect([...Object.keys(given), ...required].some((key) => message.includes(key)), message).toBe(true);
    return;
  }
  if ('execute' in made) await (made).execute(() => 1).catch(() => undefined);
}

const adaptiveDelay = fc.oneof(fc.record({ percentile: value, window: value, refresh: value, min: value, mni: value }, { requiredKeys: [] }), value);

describe('core options of the newer policies, fuzzed', () => {
  it('retryBudget', async () => {
    await fc.assert(fc.asyncProperty(optionsOf(['ratio', 'minPerSecond', 'ttl', 'random']), (given) => worksOrNamesAField(given, () => retryBudget(given))), { numRuns: RUNS });
  });

  it('hedge (delay 0 so nothing waits on a timer)', async () => {
    await fc.assert(
      fc.asyncProperty(optionsOf(['maxHedges', 'delay', 'shouldHedge'], { delay: adaptiveDelay }), (given) => worksOrNamesAField(given, () => hedge(given))),
      { numRuns: RUNS },
    );
  });

  it('adaptiveLimit', async () => {
    const keys = ['algorithm', 'initial', 'min', 'max', 'queue', 'isDrop'];
    await fc.assert(fc.asyncProperty(optionsOf(keys), (given) => worksOrNamesAField(given, () => adaptiveLimit(given))), { numRuns: RUNS });
  });

  it('throttle', async () => {
    const keys = ['k', 'window', 'buckets', 'maxRejectProbability', 'isAccepted'];
    await fc.assert(fc.asyncProperty(optionsOf(keys), (given) => worksOrNamesAField(given, () => throttle(given))), { numRuns: RUNS });
  });

  it('chaos.fault and chaos.outcome', async () => {
    await fc.assert(
      fc.asyncProperty(optionsOf(['rate', 'enabled', 'error']), optionsOf(['rate', 'enabled', 'value']), async (f, o) => {
        await worksOrNamesAField(f, () => chaos.fault(f as never), ['error']);
        await worksOrNamesAField(o, () => chaos.outcome(o as never), ['value']);
      }),
      { numRuns: RUNS },
    );
  });
});
