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
/** Every key `circuitBreaker()` takes. */
export const BREAKER_KEYS: readonly string[] = Object.keys({
  name: true, failureThreshold: true, window: true, recoveryTimeout: true, halfOpenMaxCalls: true,
  successThreshold: true, isFailure: true, ignore: true, initialState: true, store: true,
} satisfies Record<keyof CircuitBreakerOptions, true>); // a key the options gain and this lacks fails to compile
/** The largest count window: its ring is allocated up front. */
const MAX_WINDOW_SIZE = 1_000_000;

/** Validates once, at construction; throws naming the option and the value. */
export function breakerSettings(options: CircuitBreakerOptions = {}): BreakerSettings {
  check.options('circuitBreaker options', options);
  check.knownKeys('circuitBreaker options', options, BREAKER_KEYS);
  const name = check.or(options.name, 'default');
  if (typeof name !== 'string' || name === '') throw new TypeError(`name must be a non-empty string, got ${JSON.stringify(name)}`);
  const failureThreshold = check.count('failureThreshold', check.or(options.failureThreshold, 5));
  const recoveryTimeout = check.duration('recoveryTimeout', check.or(options.recoveryTimeout, 60_000));
  const halfOpenMaxCalls = check.count('halfOpenMaxCalls', check.or(options.halfOpenMaxCalls, 1));
  const successThreshold = check.count('successThreshold', check.or(options.successThreshold, 1));
  const isFailure = options.isFailure === undefined ? undefined : check.fn('isFailure', options.isFailure);
  const ignore = options.ignore === undefined ? undefined : check.fn('ignore', options.ignore);
  if (options.initialState !== undefined) validateSnapshot(options.initialState);
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
    check.knownKeys('window', window, ['size', 'failureRate', 'minimumCalls']);
    const size = check.count('window.size', window.size, 1, MAX_WINDOW_SIZE);
    const minimumCalls = check.count('window.minimumCalls', check.or(window.minimumCalls, size));
    if (minimumCalls > size) {
      throw new RangeError(`window.minimumCalls must be <= window.size (${size}), got ${minimumCalls}`);
    }
    return () => new CountWindow(size, failureRate, minimumCalls);
  }
  if ('duration' in window) {
    check.knownKeys('window', window, ['duration', 'failureRate', 'minimumCalls']);
    const duration = check.duration('window.duration', window.duration, true);
    const minimumCalls = check.count('window.minimumCalls', check.or(window.minimumCalls, 10));
    return () => new TimeWindow(duration, failureRate, minimumCalls);
  }
  throw new TypeError(`window must have either size (count window) or duration (time window), got ${JSON.stringify(window)}`);
}

/** `initialState` is validated like options: a state name, and an `openedAt` that is a finite epoch ms. */
function validateSnapshot(snapshot: BreakerSnapshot): void {
  check.options('initialState', snapshot);
  check.knownKeys('initialState', snapshot, ['state', 'openedAt', 'strategy', 'stats']);
  check.oneOf('initialState.state', snapshot.state, STATES);
  const { openedAt } = snapshot;
  if (openedAt !== undefined && (typeof openedAt !== 'number' || !Number.isFinite(openedAt))) {
    throw new TypeError(`initialState.openedAt must be a finite number (epoch ms), got ${typeof openedAt === 'number' ? String(openedAt) : typeof openedAt}`);
  }
  if (snapshot.strategy !== undefined) check.options('initialState.strategy', snapshot.strategy);
  if (snapshot.stats !== undefined) check.options('initialState.stats', snapshot.stats);
}
