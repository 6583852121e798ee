import { describe, expect, it } from 'vitest';
import { bulkhead, circuitBreaker, rateLimit, resilient, retry, timeout, type Backoff, type Jitter } from '../src/index.js';

type Factory = (value: number) => unknown;

interface NumericOption {
  option: string;
  make: Factory;
  bad: number[];
  good: number[];
}

const COUNT_BAD = [NaN, Infinity, -Infinity, -1, 0, 1.5];
const DURATION_BAD = [NaN, Infinity, -Infinity, -1, -0.5];
const POSITIVE_DURATION_BAD = [NaN, Infinity, -Infinity, -1, 0];
const RATE_BAD = [NaN, Infinity, -Infinity, 0, -0.1, 1.0001, 2];

const numericOptions: NumericOption[] = [
  // circuit breaker
  { option: 'failureThreshold', make: (v) => circuitBreaker({ failureThreshold: v }), bad: COUNT_BAD, good: [1, 50] },
  { option: 'halfOpenMaxCalls', make: (v) => circuitBreaker({ halfOpenMaxCalls: v }), bad: COUNT_BAD, good: [1, 3] },
  { option: 'successThreshold', make: (v) => circuitBreaker({ successThreshold: v }), bad: COUNT_BAD, good: [1, 3] },
  { option: 'recoveryTimeout', make: (v) => circuitBreaker({ recoveryTimeout: v }), bad: DURATION_BAD, good: [0, 1.5, 60_000] },
  { option: 'window.size', make: (v) => circuitBreaker({ window: { size: v, failureRate: 0.5, minimumCalls: 1 } }), bad: COUNT_BAD, good: [1, 100] },
  {
    option: 'window.minimumCalls',
    make: (v) => circuitBreaker({ window: { size: 10, failureRate: 0.5, minimumCalls: v } }),
    bad: [...COUNT_BAD, 11],
    good: [1, 10],
  },
  {
    option: 'window.minimumCalls',
    make: (v) => circuitBreaker({ window: { duration: 1_000, failureRate: 0.5, minimumCalls: v } }),
    bad: COUNT_BAD,
    good: [1, 1_000],
  },
  { option: 'window.failureRate', make: (v) => circuitBreaker({ window: { size: 10, failureRate: v } }), bad: RATE_BAD, good: [0.01, 1] },
  { option: 'window.failureRate', make: (v) => circuitBreaker({ window: { duration: 1_000, failureRate: v } }), bad: RATE_BAD, good: [1] },
  { option: 'window.duration', make: (v) => circuitBreaker({ window: { duration: v, failureRate: 0.5 } }), bad: POSITIVE_DURATION_BAD, good: [1, 60_000] },
  // retry
  { option: 'maxAttempts', make: (v) => retry({ maxAttempts: v }), bad: COUNT_BAD, good: [1, 10] },
  { option: 'baseDelay', make: (v) => retry({ baseDelay: v }), bad: DURATION_BAD, good: [0, 100] },
  { option: 'maxDelay', make: (v) => retry({ maxDelay: v }), bad: DURATION_BAD, good: [0, 30_000] },
  { option: 'maxElapsed', make: (v) => retry({ maxElapsed: v }), bad: DURATION_BAD, good: [0, 5_000] },
  { option: 'factor', make: (v) => retry({ factor: v }), bad: [NaN, Infinity, -1, 0, 0.5], good: [1, 1.5, 3] },
  // timeout
  { option: 'timeout', make: (v) => timeout(v), bad: POSITIVE_DURATION_BAD, good: [1, 0.5, 2_000] },
  { option: 'timeout', make: (v) => timeout({ ms: v }), bad: POSITIVE_DURATION_BAD, good: [1] },
  // bulkhead
  { option: 'limit', make: (v) => bulkhead({ limit: v }), bad: COUNT_BAD, good: [1, 10] },
  { option: 'queue', make: (v) => bulkhead({ limit: 1, queue: v }), bad: [NaN, Infinity, -1, 1.5], good: [0, 50] },
  // rate limit
  { option: 'tokens', make: (v) => rateLimit({ tokens: v, interval: 1_000 }), bad: COUNT_BAD, good: [1, 100] },
  { option: 'interval', make: (v) => rateLimit({ tokens: 1, interval: v }), bad: POSITIVE_DURATION_BAD, good: [1, 1_000] },
  { option: 'burst', make: (v) => rateLimit({ tokens: 1, interval: 1_000, burst: v }), bad: COUNT_BAD, good: [1, 20] },
  { option: 'maxWait', make: (v) => rateLimit({ tokens: 1, interval: 1_000, maxWait: v }), bad: [NaN, -Infinity, -1, -0.5], good: [0, 500, Infinity] },
  // resilient: the union, checked when the wrapper is made
  { option: 'failureThreshold', make: (v) => resilient({ failureThreshold: v }), bad: COUNT_BAD, good: [1] },
  { option: 'maxAttempts', make: (v) => resilient({ maxAttempts: v }), bad: COUNT_BAD, good: [1] },
  { option: 'timeout', make: (v) => resilient({ timeout: v }), bad: POSITIVE_DURATION_BAD, good: [1] },
];

const badCases = numericOptions.flatMap(({ option, make, bad }) => bad.map((value) => ({ option, make, value })));
const goodCases = numericOptions.flatMap(({ option, make, good }) => good.map((value) => ({ option, make, value })));

describe('numeric options', () => {
  it.each(badCases)('$option = $value throws a RangeError naming the option and the value', ({ option, make, value }) => {
    let thrown: unknown;
    try {
      make(value);
    } catch (error: unknown) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RangeError);
    const message = (thrown as RangeError).message;
    expect(message).toContain(option);
    expect(message).toContain(`got ${String(value)}`);
  });

  // The other side of the same boundaries: edge values that are valid must not be refused.
  it.each(goodCases)('$option = $value is accepted', ({ make, value }) => {
    expect(() => make(value)).not.toThrow();
  });
});

describe('named choices', () => {
  it.each([
    ['backoff', () => retry({ backoff: 'quadratic' as Backoff }), '"quadratic"'],
    ['jitter', () => retry({ jitter: 'random' as Jitter }), '"random"'],
    ['strategy', () => timeout({ ms: 100, strategy: 'lazy' as 'aggressive' }), '"lazy"'],
    ['backoff', () => resilient({ backoff: 'steps' as Backoff }), '"steps"'],
  ])('an unknown %s name throws a TypeError naming it and the value', (option, make, shown) => {
    expect(make).toThrow(TypeError);
    expect(make).toThrow(new RegExp(`${option}.*${shown}`));
  });

  it('a window with neither size nor duration is a TypeError', () => {
    expect(() => circuitBreaker({ window: { failureRate: 0.5 } as unknown as { size: number; failureRate: number } })).toThrow(TypeError);
  });

  it('a function option that is not a function is a TypeError naming it', () => {
    const notAFunction = 'yes' as unknown as () => boolean;
    expect(() => circuitBreaker({ isFailure: notAFunction })).toThrow(/isFailure/);
    expect(() => retry({ retryOn: notAFunction })).toThrow(/retryOn/);
    expect(() => retry({ onRetry: notAFunction })).toThrow(/onRetry/);
  });

  it('an empty breaker name is a TypeError', () => {
    expect(() => circuitBreaker({ name: '' })).toThrow(TypeError);
  });

  it('an unknown initialState.state is a TypeError', () => {
    expect(() => circuitBreaker({ initialState: { state: 'ajar' as 'open' } })).toThrow(/initialState\.state.*"ajar"/);
  });
});
