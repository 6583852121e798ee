/**
 * The server policy's options, one row each: what it is checked with and which core policy
 * it configures. The known keys, the per-tool retry keys, `validatePolicy` and the mapping to
 * core's breaker and retry options are all read from this table, so a new option is one row
 * (and its field in `ServerPolicy`: the table does not compile without a row for every field).
 */
import { bulkhead, circuitBreaker, rateLimit, retry, timeout } from '@res/core';
import { checked, validateBeyondOption } from './policies/validate.js';
import type { ServerPolicy, ToolPolicy } from './types.js';

/** How one option of a {@link ServerPolicy} is checked, and where it goes. */
interface OptionRow<V> {
  /**
   * The core policy the option configures: the options of one core policy are checked
   * together by building it, and copied into its options. `'retry'` options are per tool too.
   */
  readonly core?: 'breaker' | 'retry';
  /** Checks the option's value (`undefined` when not set), throwing a message that names it. */
  readonly check?: (where: string, value: V | undefined) => void;
  /** `false`: a preset object that leaves the option out does not get the default preset's. */
  readonly inherited?: false;
}

type OptionTable = { readonly [K in keyof ServerPolicy]-?: OptionRow<NonNullable<ServerPolicy[K]>> };

/** A value for an error message: short, and never the content of an object. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' && value !== null) return `an object with keys ${JSON.stringify(Object.keys(value))}`;
  return String(value);
}

const atLeastOne = (key: string) => (where: string, value: unknown): void => {
  if (value !== undefined && !(typeof value === 'number' && Number.isSafeInteger(value) && value >= 1)) {
    throw new RangeError(`${where}: ${key} must be an integer >= 1, got ${show(value)}`);
  }
};
const beyond = (key: 'retryBudget' | 'hedge' | 'concurrency' | 'throttle' | 'chaos'): OptionRow<unknown> => ({
  check: (where, value) => {
    validateBeyondOption(where, key, value);
  },
  inherited: false,
});

/** Every option of a server policy, in the order errors list them. */
const OPTIONS = {
  timeout: {
    check: (where, ms: unknown) => {
      checked(where, () => timeout(ms as number));
    },
  },
  connectTimeout: {
    check: (where, ms) => {
      if (typeof ms !== 'number') throw new TypeError(`${where}: connectTimeout must be a finite number of ms > 0, got ${show(ms)}`);
      if (!(ms > 0 && Number.isFinite(ms))) throw new RangeError(`${where}: connectTimeout must be a finite number of ms > 0, got ${show(ms)}`);
      if (ms > 2_147_483_647) throw new RangeError(`${where}: connectTimeout must be at most 2147483647 ms (what a timer can hold), got ${show(ms)}`);
    },
  },
  failureThreshold: { core: 'breaker' },
  window: { core: 'breaker' },
  recoveryTimeout: { core: 'breaker' },
  halfOpenMaxCalls: { core: 'breaker' },
  successThreshold: { core: 'breaker' },
  maxAttempts: { core: 'retry' },
  backoff: { core: 'retry' },
  baseDelay: { core: 'retry' },
  factor: { core: 'retry' },
  maxDelay: { core: 'retry' },
  jitter: { core: 'retry' },
  maxElapsed: { core: 'retry' },
  bulkhead: {
    check: (where, value) => {
      if (value !== undefined) checked(`${where}: bulkhead`, () => bulkhead(value));
    },
  },
  rateLimit: {
    check: (where, value) => {
      if (value !== undefined) checked(`${where}: rateLimit`, () => rateLimit(value));
    },
  },
  breakerScope: {
    check: (where, scope) => {
      if (scope !== undefined && !['server', 'tool'].includes(scope)) throw new TypeError(`${where}: breakerScope must be 'server' or 'tool', got ${show(scope)}`);
    },
  },
  store: {
    core: 'breaker',
    check: (where, store) => {
      if (store !== undefined && typeof (store as Partial<typeof store> | null)?.attach !== 'function') throw new TypeError(`${where}: store must have an attach(breaker) method`);
    },
  },
  maxPages: { check: atLeastOne('maxPages') },
  restartAfterTimeouts: { check: atLeastOne('restartAfterTimeouts') },
  maxTools: { check: atLeastOne('maxTools') },
  retryBudget: beyond('retryBudget'),
  hedge: beyond('hedge'),
  concurrency: beyond('concurrency'),
  throttle: beyond('throttle'),
  chaos: beyond('chaos'),
} as const satisfies OptionTable;

type Key = keyof typeof OPTIONS;
type KeysOf<C> = { [K in Key]: (typeof OPTIONS)[K] extends { core: C } ? K : never }[Key];
/** The options a tool's `retry` may override: the table's retry rows. */
type RetryKey = KeysOf<'retry'>;
type Assert<T extends true> = T;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// `ToolPolicy.retry` is written by hand: it must take exactly the table's retry rows (or this fails to compile).
export type RetryOverridesMatch = Assert<Same<RetryKey, keyof Exclude<ToolPolicy['retry'], false | undefined>>>;

const keys = Object.keys(OPTIONS) as Key[];
// Each row checks its own option's type; read generically, a row takes the value as unknown.
const row = (key: Key): OptionRow<unknown> => OPTIONS[key] as OptionRow<unknown>;
const keysOf = (core: 'breaker' | 'retry'): Key[] => keys.filter((key) => row(key).core === core);
const BREAKER_ROWS = keysOf('breaker');
const RETRY_ROWS = keysOf('retry') as RetryKey[];

/** Every key of a server policy (or a preset object). */
export const POLICY_KEYS: ReadonlySet<string> = new Set<string>(keys);
/** The keys of a tool's `retry` overrides. */
export const RETRY_KEYS: ReadonlySet<string> = new Set<string>(RETRY_ROWS);
/** Options a preset object that leaves them out does not take from the default preset. */
export const NOT_INHERITED: ReadonlySet<string> = new Set(keys.filter((key) => row(key).inherited === false));

/** Validates every option of a policy, row by row; a core policy's options together, by building it. */
export function validatePolicy(where: string, policy: ServerPolicy): void {
  for (const key of keys) {
    const { core, check } = row(key);
    if (core === 'breaker' && key === BREAKER_ROWS[0]) {
      // Validated without its store: attaching a throwaway breaker would leave it in the store.
      const { store: _store, ...breaker } = breakerOptions(where, policy);
      checked(where, () => circuitBreaker(breaker));
    }
    if (core === 'retry' && key === RETRY_ROWS[0]) checked(where, () => retry(retryOptions(policy)));
    check?.(where, policy[key]);
  }
}

/** Core breaker options from a server policy (`window` wins over `failureThreshold`). */
export function breakerOptions(name: string, policy: ServerPolicy): Parameters<typeof circuitBreaker>[0] & object {
  const options: Record<string, unknown> = { name };
  for (const key of BREAKER_ROWS) if (policy[key] !== undefined) options[key] = policy[key];
  if (policy.window !== undefined) delete options.failureThreshold;
  return options;
}

/** Core retry options from a server policy, with a tool's overrides on top (`retry: false`: one attempt). */
export function retryOptions(policy: ServerPolicy, tool?: ToolPolicy): Parameters<typeof retry>[0] & object {
  const overrides = tool?.retry === undefined || tool.retry === false ? undefined : tool.retry;
  const options: Record<string, unknown> = {};
  for (const key of RETRY_ROWS) {
    // An override set to undefined overrides too (as a spread would).
    const value = overrides !== undefined && Object.hasOwn(overrides, key) ? overrides[key] : policy[key];
    if (value !== undefined) options[key] = value;
  }
  if (tool?.retry === false) options.maxAttempts = 1;
  return options;
}
