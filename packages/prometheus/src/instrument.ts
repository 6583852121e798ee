import { Pipeline, TimeoutPolicy, type CircuitBreaker, type Unsubscribe } from '@res/core';
import { ResilientClient } from '@res/mcp';
import { register, type Registry } from 'prom-client';
import { recordClient } from './client-recorder.js';
import { checkPrefix, DEFAULT_PREFIX } from './definitions.js';
import { ToolLabels } from './labels.js';
import { metricSetFor } from './metric-set.js';
import { firstBreaker, isObservablePolicy, recordPolicy, type ObservablePolicy } from './policy-recorder.js';

/** A function wrapped by core's `resilient(...)`: its pipeline is instrumented. */
export interface ResilientFunctionLike {
  readonly breaker: CircuitBreaker;
  readonly policy: Pipeline;
}

/** What `instrument` accepts. */
export type InstrumentTarget = ResilientClient | { readonly client: ResilientClient } | ObservablePolicy | ResilientFunctionLike;

/** Options of {@link instrument}. */
export interface InstrumentOptions {
  /** Where the metrics are registered. [prom-client's global `register`] */
  registry?: Registry;
  /** Put before every metric name. [`'res_'`] */
  prefix?: string;
  /**
   * Tool names that may appear as the `tool` label besides those the client knows
   * (its catalog, its `tools` option, the server's live list). Any other name is
   * labelled `other`. [none]
   */
  tools?: Iterable<string>;
  /** The `server` label of a core policy. [the (first) breaker's name, else `'default'`; clients use their own name] */
  server?: string;
}

/**
 * Records a client's (or a core policy's) events as Prometheus metrics on `registry`.
 * Idempotent: instrumenting the same target again on the same registry and prefix
 * records nothing twice (the first call's options stay in force); recording stops
 * when every returned unsubscribe has been called. An adapter client and its
 * `.client` are the same target.
 *
 * @example
 * const stop = instrument(client);              // global registry, `res_` prefix
 * const body = await register.metrics();        // what /metrics serves
 */
export function instrument(target: InstrumentTarget, options: InstrumentOptions = {}): Unsubscribe {
  if (typeof options !== 'object' || (options as unknown) === null) throw new TypeError('instrument: options must be an object');
  const registry = options.registry ?? register;
  const prefix = checkPrefix(options.prefix ?? DEFAULT_PREFIX);
  const set = metricSetFor(registry, prefix);
  const client = clientOf(target);
  if (client !== undefined) {
    if (options.server !== undefined) throw new TypeError('instrument: `server` is for core policies; a client is labelled with its own name');
    const tools = new ToolLabels((name) => client.knowsTool(name), options.tools);
    return set.attach(client, client.name, () => recordClient(client, set.metrics, tools));
  }
  const policy = policyOf(target);
  const breaker = firstBreaker(policy);
  const server = options.server ?? breaker?.name ?? 'default';
  if (typeof server !== 'string' || server === '') throw new TypeError(`instrument: server must be a non-empty string, got ${JSON.stringify(server)}`);
  return set.attach(policy, breaker === undefined ? undefined : server, () => recordPolicy(policy, set.metrics, server));
}

function clientOf(target: InstrumentTarget): ResilientClient | undefined {
  if (target instanceof ResilientClient) return target;
  const inner = (target as { client?: unknown }).client;
  return inner instanceof ResilientClient ? inner : undefined;
}

function policyOf(target: InstrumentTarget): ObservablePolicy {
  if (isObservablePolicy(target)) return target;
  const wrapped = (target as Partial<ResilientFunctionLike>).policy;
  if (typeof target === 'function' && wrapped instanceof Pipeline) return wrapped;
  if ((target as unknown) instanceof TimeoutPolicy) {
    throw new TypeError('instrument: a TimeoutPolicy emits no events; instrument the pipeline or client it is part of (timeouts show as outcome="timeout")');
  }
  throw new TypeError(
    'instrument: expected a ResilientClient, an adapter client (with .client), a core policy (breaker, retry, bulkhead, rate limit, fallback, pipeline) or a resilient() function',
  );
}
