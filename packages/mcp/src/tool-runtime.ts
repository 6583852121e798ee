import { CircuitBreaker, pipeline, RetryPolicy, type Pipeline } from '@res/core';
import type { CallRecorder } from './client/record.js';
import type { CallContext } from './call.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { countsForBreaker, ignoredByBreaker, mayRetry } from './errors.js';
import type { BeyondPolicies } from './policies/beyond.js';
import { breakerOptions, retryOptions } from './options.js';
import { StaleCache } from './stale-cache.js';
import type { Catalog, CatalogEntry, ServerPolicy, TaskMode, ToolPolicy, ToolSafety } from './types.js';

/** What one tool runs with: resolved once, on its first call. */
export interface ToolRuntime {
  readonly name: string;
  readonly breaker: CircuitBreaker<CallContext>;
  readonly retry: RetryPolicy<CallContext>;
  /** `pipeline(breaker, retry)`: core runs the two as one layer on the success path. A tool call passes its {@link CallContext}. */
  readonly policy: Pipeline<CallContext>;
  /** The same with a hedge innermost, when this tool may hedge (never for a tool declared unsafe). */
  readonly hedged: Pipeline<CallContext> | undefined;
  /** Ms per attempt. */
  readonly timeout: number;
  /** `{ timeout }`, shared by the attempts that set nothing of their own (the SDK only reads it). */
  readonly requestOptions: Readonly<RequestOptions>;
  /** Safety from the `tools` option or the catalog; `undefined`: ask the server's annotations. */
  readonly declaredSafety: ToolSafety | undefined;
  readonly cache: StaleCache | undefined;
  readonly fallbackFn: ((error: unknown) => CallToolResult | Promise<CallToolResult>) | undefined;
  /** In the catalog (so a live list without it means the server does not offer it). */
  readonly catalogued: boolean;
  /** `ToolPolicy.task`: when a tool with optional task support runs as a task. */
  readonly task: TaskMode;
}

/** Where the runtime's policies report (the client's recorder). */
export type RuntimeRecorder = Pick<CallRecorder, 'retryListener' | 'stateChangeListener'>;

/** Tools whose runtime is kept by default. */
const DEFAULT_MAX_TOOLS = 1_000;

/** Builds and keeps every tool's runtime, and the breakers (one per server, or one per tool). */
export class ToolRuntimes {
  readonly serverBreaker: CircuitBreaker<CallContext>;
  readonly #runtimes = new Map<string, ToolRuntime>();
  readonly #toolBreakers = new Map<string, CircuitBreaker<CallContext>>();
  #latest: string | undefined;

  constructor(
    readonly server: string,
    readonly policy: ServerPolicy,
    readonly tools: Record<string, ToolPolicy>,
    readonly catalog: Catalog | undefined,
    readonly record: RuntimeRecorder,
    readonly beyond?: BeyondPolicies,
  ) {
    this.serverBreaker = this.#breaker(server, undefined);
  }

  /** Every breaker made so far, by tool (`undefined` key: the server's). */
  breakers(): Map<string | undefined, CircuitBreaker<CallContext>> {
    const all = new Map<string | undefined, CircuitBreaker<CallContext>>([[undefined, this.serverBreaker]]);
    for (const [tool, breaker] of this.#toolBreakers) all.set(tool, breaker);
    return all;
  }

  /**
   * The tool's runtime, built on first use. At most `maxTools` are kept (default 1,000): the least
   * recently used is dropped beyond (with its per-tool breaker and cache), so a stream of distinct
   * tool names cannot grow memory or `health()` without bound.
   */
  get(name: string): ToolRuntime {
    let runtime = this.#runtimes.get(name);
    if (runtime === undefined) {
      runtime = this.#build(name);
      this.#runtimes.set(name, runtime);
      if (this.#runtimes.size > (this.policy.maxTools ?? DEFAULT_MAX_TOOLS)) this.#evictOldest();
    } else if (this.#latest !== name) {
      // Most recently used last (a Map keeps insertion order); skipped when it already is.
      this.#runtimes.delete(name);
      this.#runtimes.set(name, runtime);
    }
    this.#latest = name;
    return runtime;
  }

  #evictOldest(): void {
    const oldest = this.#runtimes.keys().next();
    if (oldest.done === true) return;
    this.#runtimes.delete(oldest.value);
    const breaker = this.#toolBreakers.get(oldest.value);
    if (breaker !== undefined) {
      this.#toolBreakers.delete(oldest.value);
      breaker.dispose();
    }
  }

  dispose(): void {
    for (const breaker of this.breakers().values()) breaker.dispose();
  }

  #build(name: string): ToolRuntime {
    // Own keys only: a tool named `constructor` or `__proto__` must not find Object.prototype's members.
    const options: ToolPolicy = (Object.hasOwn(this.tools, name) ? this.tools[name] : undefined) ?? {};
    const entry = this.catalog !== undefined && Object.hasOwn(this.catalog, name) ? this.catalog[name] : undefined;
    const retry = new RetryPolicy<CallContext>({ ...retryOptions(this.policy, withCatalogAttempts(options, entry)), retryOn: mayRetry, ...this.beyond?.retryOptions() });
    retry.on('retry', this.record.retryListener(name));
    const fallback = options.fallback;
    let cache: StaleCache | undefined;
    if (fallback === 'cache') cache = new StaleCache(100, Infinity);
    else if (typeof fallback === 'object') cache = new StaleCache(fallback.maxEntries ?? 100, fallback.maxAge ?? Infinity);
    const breaker = this.policy.breakerScope === 'tool' ? this.#toolBreaker(name) : this.serverBreaker;
    const declaredSafety = options.safety ?? entry?.safety;
    const { policy, hedged } = this.beyond?.pipelines(name, breaker, retry, options, declaredSafety) ?? { policy: pipeline(breaker, retry), hedged: undefined };
    const timeout = options.timeout ?? entry?.timeout ?? this.policy.timeout;
    return {
      name,
      breaker,
      retry,
      policy,
      hedged,
      timeout,
      requestOptions: Object.freeze({ timeout }),
      declaredSafety,
      cache,
      fallbackFn: typeof fallback === 'function' ? fallback : undefined,
      catalogued: entry !== undefined,
      task: options.task ?? 'auto',
    };
  }

  #toolBreaker(tool: string): CircuitBreaker<CallContext> {
    let breaker = this.#toolBreakers.get(tool);
    if (breaker === undefined) {
      breaker = this.#breaker(`${this.server}/${tool}`, tool);
      this.#toolBreakers.set(tool, breaker);
    }
    return breaker;
  }

  #breaker(name: string, tool: string | undefined): CircuitBreaker<CallContext> {
    const breaker = new CircuitBreaker<CallContext>({
      ...breakerOptions(name, this.policy),
      isFailure: countsForBreaker,
      ignore: ignoredByBreaker,
    });
    breaker.on('stateChange', this.record.stateChangeListener(tool));
    return breaker;
  }
}

/** The catalog's `maxAttempts` for a tool, under the `tools` option's own `retry` settings. */
function withCatalogAttempts(options: ToolPolicy, entry: CatalogEntry | undefined): ToolPolicy {
  if (entry?.maxAttempts === undefined || options.retry === false) return options;
  return { ...options, retry: { maxAttempts: entry.maxAttempts, ...options.retry } };
}
