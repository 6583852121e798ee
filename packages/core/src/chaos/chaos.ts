import { Emitter, type Unsubscribe } from '../common/events.js';
import { timer } from '../common/option-checks.js';
import { abortReason, neverAbortedSignal } from '../common/signal.js';
import { sleep } from '../common/sleep.js';
import * as check from '../common/validate.js';
import type { ExecutionContext, Operation, Policy } from '../policy.js';
import { chaosSettings, generate, injects, type ChaosSettings } from './options.js';
import type { BehaviorOptions, ChaosEvents, ChaosKind, ChaosStats, FaultOptions, LatencyOptions, OutcomeOptions } from './types.js';

/** What an injected call does instead of (or before) calling `fn`. */
type Injection = <T>(fn: Operation<T>, context: ExecutionContext) => Promise<T>;

/**
 * A chaos policy (Polly's Simmy): on a share of calls it injects a fault, latency,
 * an outcome or a behaviour, to rehearse failure on a game day or in a test.
 * Never on by default: build one only where you mean to break things.
 *
 * @example const monkey = chaos.fault({ rate: 0.1, error: () => new Error('chaos'), enabled: process.env.GAME_DAY === '1' });
 */
export class ChaosPolicy implements Policy {
  /** What this policy injects. */
  readonly kind: ChaosKind;
  readonly #settings: ChaosSettings;
  readonly #inject: Injection;
  readonly #events = new Emitter<ChaosEvents>();
  #calls = 0;
  #injected = 0;

  /** Prefer the `chaos.fault` / `latency` / `outcome` / `behavior` factories. */
  constructor(kind: ChaosKind, settings: ChaosSettings, inject: Injection) {
    this.kind = kind;
    this.#settings = settings;
    this.#inject = inject;
  }

  /** Runs `fn`, or injects on this call iff enabled and `random() < rate`. */
  execute<T>(fn: Operation<T>, signal: AbortSignal = neverAbortedSignal, attempt = 1): Promise<T> {
    if (signal.aborted) return Promise.reject(abortReason(signal));
    const context: ExecutionContext = { signal, attempt };
    if (this.#settings.enabled === false) return call(fn, context);
    let injected: boolean;
    try {
      injected = injects(this.#settings, context);
    } catch (error: unknown) {
      return Promise.reject(error);
    }
    this.#calls++;
    if (!injected) return call(fn, context);
    this.#injected++;
    if (this.#events.has('injected')) this.#events.emit('injected', { kind: this.kind, attempt });
    return this.#inject(fn, context);
  }

  /** Counts since creation. */
  stats(): ChaosStats {
    return { calls: this.#calls, injected: this.#injected };
  }

  /** Subscribes to `'injected'`; returns the unsubscribe. */
  on<K extends keyof ChaosEvents>(event: K, listener: (payload: ChaosEvents[K]) => void): Unsubscribe {
    return this.#events.on(event, listener);
  }
}

/** Calls `fn`, as a promise even if it throws or returns a plain value. */
function call<T>(fn: Operation<T>, context: ExecutionContext): Promise<T> {
  try {
    const result = fn(context);
    return result instanceof Promise ? (result as Promise<T>) : Promise.resolve(result);
  } catch (error: unknown) {
    return Promise.reject(error);
  }
}

/**
 * Rejects a share of calls with `error` (a value or `(ctx) => error`) without calling `fn`.
 *
 * @example const flaky = chaos.fault({ rate: 0.05, error: new Error('injected') });
 */
function fault(options: FaultOptions): ChaosPolicy {
  const settings = chaosSettings('fault', options, 'error');
  const { error } = options;
  return new ChaosPolicy('fault', settings, (_fn, context) => {
    try {
      return Promise.reject(generate(error, context));
    } catch (thrown: unknown) {
      return Promise.reject(thrown);
    }
  });
}

/**
 * Delays a share of calls by `ms` (a value or `(ctx) => ms`), then calls `fn`; an
 * abort during the wait rejects with the signal's reason without calling `fn`.
 *
 * @example const slow = chaos.latency({ rate: 0.2, ms: () => 500 + Math.random() * 1_500 });
 */
function latency(options: LatencyOptions): ChaosPolicy {
  const settings = chaosSettings('latency', options, 'ms');
  const { ms } = options;
  if (typeof ms !== 'function') timer('ms', ms);
  return new ChaosPolicy('latency', settings, async (fn, context) => {
    const wait = generate(ms, context);
    await sleep(wait >= 0 ? Math.min(wait, 2 ** 31 - 1) : 0, context.signal);
    return fn(context);
  });
}

/**
 * Resolves a share of calls with `value` (a value or `(ctx) => value`) without calling `fn`.
 *
 * @example const stale = chaos.outcome({ rate: 0.01, value: { content: [], isError: true } });
 */
function outcome<R>(options: OutcomeOptions<R>): ChaosPolicy {
  const settings = chaosSettings('outcome', options, 'value');
  const { value } = options;
  return new ChaosPolicy('outcome', settings, <T>(_fn: Operation<T>, context: ExecutionContext) => {
    try {
      return Promise.resolve(generate(value, context) as unknown as T);
    } catch (thrown: unknown) {
      return Promise.reject(thrown);
    }
  });
}

/**
 * Runs `run(ctx)` (awaited) on a share of calls, then calls `fn`.
 *
 * @example const drop = chaos.behavior({ rate: 0.01, run: () => transport.close() });
 */
function behavior(options: BehaviorOptions): ChaosPolicy {
  const settings = chaosSettings('behavior', options, 'run');
  const run = check.fn('run', options.run);
  return new ChaosPolicy('behavior', settings, async (fn, context) => {
    await run(context);
    return fn(context);
  });
}

/**
 * Chaos policies for game days and tests (Polly's Simmy): `fault`, `latency`,
 * `outcome` and `behavior`, each injecting on `rate` of calls (0.001 by default)
 * while `enabled`.
 *
 * @example const policy = pipeline(retry(), chaos.fault({ rate: 0.1, error: new Error('chaos') }));
 */
export const chaos = { fault, latency, outcome, behavior } as const;
