import * as check from '../common/validate.js';
import { ConsecutiveFailures } from './consecutive.js';
import { CountWindow } from './count-window.js';
import type { BreakerStrategy } from './strategy.js';
import { TimeWindow } from './time-window.js';
import type { BreakerSnapshot, BreakerStore, CircuitBreakerOptions } from './types.js';

/** Breaker options after validation, with every default filled in. */
export interface BreakerSettings {
  name: string;
  failureThreshold: number;
  recoveryTimeout: number;
  halfOpenMaxCalls: number;
  successThreshold: number;
  isFailure: ((error: unknown) => boolean) | undefined;
  ignore: ((error: unknown) => boolean) | undefined;
  initialState: BreakerSnapshot | undefined;
  store: BreakerStore | undefined;
  createStrategy: () => BreakerStrategy;
}

const STATES = ['closed', 'open', 'half-open', 'isolated'] as const;

/** Validates once, at construction; throws naming the option and the value. */
export function breakerSettings(options: CircuitBreakerOptions = {}): BreakerSettings {
  check.options('circuitBreaker options', options);
  const name = options.name ?? 'default';
  if (typeof name !== 'string' || name === '') throw new TypeError(`name must be a non-empty string, got ${JSON.stringify(name)}`);
  const failureThreshold = check.count('failureThreshold', options.failureThreshold ?? 5);
  const recoveryTimeout = check.duration('recoveryTimeout', options.recoveryTimeout ?? 60_000);
  const halfOpenMaxCalls = check.count('halfOpenMaxCalls', options.halfOpenMaxCalls ?? 1);
  const successThreshold = check.count('successThreshold', options.successThreshold ?? 1);
  const isFailure = options.isFailure === undefined ? undefined : check.fn('isFailure', options.isFailure);
  const ignore = options.ignore === undefined ? undefined : check.fn('ignore', options.ignore);
  if (options.initialState !== undefined) {
    check.options('initialState', options.initialState);
    check.oneOf('initialState.state', options.initialState.state, STATES);
  }
  if (options.store !== undefined && typeof options.store.attach !== 'function') {
    throw new TypeError('store must have an attach(breaker) method');
  }
  return {
    name,
    failureThreshold,
    recoveryTimeout,
    halfOpenMaxCalls,
    successThreshold,
    isFailure,
    ignore,
    initialState: options.initialState,
    store: options.store,
    createStrategy: strategyFactory(options, failureThreshold),
  };
}

function strategyFactory(options: CircuitBreakerOptions, failureThreshold: number): () => BreakerStrategy {
  const window = check.options('window', options.window);
  if (window === undefined) return () => new ConsecutiveFailures(failureThreshold);
  const failureRate = check.rate('window.failureRate', window.failureRate);
  if ('size' in window) {
    const size = check.count('window.size', window.size);
    const minimumCalls = check.count('window.minimumCalls', window.minimumCalls ?? size);
    if (minimumCalls > size) {
      throw new RangeError(`window.minimumCalls must be <= window.size (${size}), got ${minimumCalls}`);
    }
    return () => new CountWindow(size, failureRate, minimumCalls);
  }
  if ('duration' in window) {
    const duration = check.duration('window.duration', window.duration, true);
    const minimumCalls = check.count('window.minimumCalls', window.minimumCalls ?? 10);
    return () => new TimeWindow(duration, failureRate, minimumCalls);
  }
  throw new TypeError(`window must have either size (count window) or duration (time window), got ${JSON.stringify(window)}`);
}
