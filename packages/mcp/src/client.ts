import {
  BrokenCircuitError,
  BulkheadPolicy,
  BulkheadRejectedError,
  Emitter,
  RateLimitError,
  RateLimitPolicy,
  ThrottledError,
  type CircuitBreaker,
  type ExecutionContext,
  type Unsubscribe,
} from '@res/core';
import { RetryPolicy } from '@res/core';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type {
  ListPromptsResult,
  ListResourcesResult,
  ListToolsResult,
  ReadResourceResult} from '@modelcontextprotocol/sdk/types.js';
import {
  ResultSchema,
  type CallToolResult,
  type CompleteRequest,
  type CompleteResult,
  type ListResourceTemplatesResult,
  type LoggingLevel,
  type Result,
  type GetPromptResult,
  type Tool
} from '@modelcontextprotocol/sdk/types.js';
import { abortReason, CallSignal } from './abortable.js';
import { declaredCapabilities, installHandlers, validateProtocolOptions, type ClientProtocol } from './protocol/handlers.js';
import { methodSafety } from './protocol/methods.js';
import { SessionState } from './protocol/session-state.js';
import { retryOptions } from './settings.js';
import { validateHttpExtras } from './transport.js';
import { CallRunner, type CallContext, type CallState, type RequestSender } from './call.js';
import { Connection, type ServerDescription } from './connection.js';
import { listAll, type PageFetcher } from './list-all.js';
import { isMcpFailure, McpCallError } from './errors.js';
import type { ClientEvent } from './events.js';
import { ClientHealth, type Health } from './health.js';
import { BeyondPolicies } from './policies/beyond.js';
import { beyondHooks } from './policies/events.js';
import { argumentsKey } from './stale-cache.js';
import { validateClientOptions } from './settings.js';
import { ToolRuntimes } from './tool-runtime.js';
import type { CallOptions, ResilientClientOptions, ServerNotificationMessage, ServerPolicy, ToolSafety } from './types.js';

const VERSION = '0.1.0';
/** The call signal of every call made without a `signal`: nothing to follow, nothing to release. */
const NO_CALL_SIGNAL = new CallSignal(undefined);

/**
 * An MCP client that makes every call resilient: one breaker per server (or per
 * tool), retries only for tools that are safe to repeat, per-attempt timeouts,
 * in-band error classification, reconnection after a crash, bulkhead, rate limit
 * and a stale-cache fallback. Built on the SDK's `Client`; starts nothing until the first call.
 *
 * @example
 * const client = new ResilientClient({ name: 'mermaid', connect: { command: 'npx', args: ['-y', 'mcp-mermaid'] }, preset: 'local' });
 * const result = await client.callTool('generate_mermaid_diagram', { mermaid: 'graph TD; A-->B' });
 */
export class ResilientClient {
  /** The server's name. */
  readonly name: string;
  /** The effective policy: the preset with `policy` merged on top. */
  readonly policy: Readonly<ServerPolicy>;
  readonly #options: ResilientClientOptions;
  readonly #events = new Emitter<{ event: ClientEvent; notification: ServerNotificationMessage }>();
  readonly #session = new SessionState();
  readonly #methodRetries = new Map<string, RetryPolicy>();
  readonly #health: ClientHealth;
  readonly #connection: Connection;
  readonly #runtimes: ToolRuntimes;
  readonly #runner: CallRunner;
  readonly #bulkhead: BulkheadPolicy | undefined;
  readonly #beyond: BeyondPolicies;
  #closed = false;
  #lastCallId = 0;

  constructor(options: ResilientClientOptions) {
    this.policy = Object.freeze(validateClientOptions(options));
    this.#options = options;
    this.name = options.name;
    this.#health = new ClientHealth(this.name);
    const emit = (event: ClientEvent): void => {
      this.#events.emit('event', event);
    };
    validateProtocolOptions(this.name, options.handlers, options.capabilities);
    validateHttpExtras(`ResilientClient "${this.name}": connect`, options.connect);
    const protocol: ClientProtocol = { handlers: options.handlers ?? {}, capabilities: options.capabilities };
    this.#connection = new Connection(this.name, options.connect, options.clientInfo ?? { name: 'res', version: VERSION }, {
      connected: (durationMs, reconnect) => {
        if (reconnect) this.#health.reconnects++;
        if (this.#events.has('event')) emit(reconnect ? { type: 'reconnect', server: this.name, durationMs, reconnect } : { type: 'connect', server: this.name, durationMs, reconnect });
      },
      disconnected: (reason) => {
        if (this.#events.has('event')) emit({ type: 'disconnect', server: this.name, reason });
      },
    }, {
      capabilities: () => declaredCapabilities(protocol),
      install: (client, capabilities) => {
        installHandlers(client, protocol, capabilities);
      },
      notification: (notification) => {
        this.#events.emit('notification', notification);
      },
      restore: (client) =>
        this.#session.restore(client, this.policy.timeout, (failure) => {
          if (this.#events.has('event')) emit({ type: 'restore-failed', server: this.name, ...failure });
        }),
    });
    this.#connection.maxPages = this.policy.maxPages;
    const rateLimit = this.policy.rateLimit === undefined ? undefined : new RateLimitPolicy(this.policy.rateLimit);
    this.#bulkhead = this.policy.bulkhead === undefined ? undefined : new BulkheadPolicy(this.policy.bulkhead);
    this.#runner = new CallRunner(this.name, options, this.policy, this.#connection, rateLimit);
    this.#beyond = new BeyondPolicies(this.name, this.policy, beyondHooks(this.name, this.#events), this.#runner.retryable);
    this.#runtimes = new ToolRuntimes(this.name, this.policy, options.tools ?? {}, options.catalog, this.#beyond.retryable, {
      onRetry: (tool, attempt, delay, error, callId) => {
        this.#health.retries++;
        if (this.#events.has('event')) {
          const kind = isMcpFailure(error) ? error.kind : 'unknown';
          emit({ type: 'retry', server: this.name, tool, ...(callId === undefined ? {} : { callId }), attempt, delayMs: delay, kind, error: messageOf(error) });
        }
      },
      onStateChange: (tool, from, to, at) => {
        if (this.#events.has('event')) emit({ type: 'state-change', server: this.name, ...(tool === undefined ? {} : { tool }), from, to, at });
      },
      isFailure: (error) => (isMcpFailure(error) ? error.counted : true),
      ignore: (error) =>
        error instanceof RateLimitError || error instanceof BulkheadRejectedError || (isMcpFailure(error) && error.kind === 'rate-limit'),
    }, this.#beyond);
    this.#validateCacheFallbacks();
  }

  /** The server's breaker (per-tool breakers: see `breakerFor` and `health().tools`). Use it to `reset()` or `isolate()` by hand. */
  get breaker(): CircuitBreaker {
    return this.#runtimes.serverBreaker;
  }

  /**
   * The breaker that guards a tool: the server's, or the tool's own when `breakerScope` is `'tool'`.
   *
   * @example client.breakerFor('send_message').reset();
   */
  breakerFor(tool: string): CircuitBreaker {
    return this.#runtimes.get(tool).breaker;
  }

  /**
   * Every breaker made so far: the server's (key `undefined`) and, with `breakerScope: 'tool'`, one per tool called.
   *
   * @example for (const breaker of client.breakers().values()) breaker.reset();
   */
  breakers(): ReadonlyMap<string | undefined, CircuitBreaker> {
    return this.#runtimes.breakers();
  }

  /**
   * Whether `name` is a tool this client knows without asking the server: in its
   * catalog, in its `tools` option, or in the server's tool list as last fetched.
   * Sends nothing. For bounded metric labels (`@res/prometheus`).
   */
  knowsTool(name: string): boolean {
    return Object.hasOwn(this.#options.catalog ?? {}, name) || Object.hasOwn(this.#options.tools ?? {}, name) || this.#connection.listed(name);
  }

  /** True while a session with the server is up. */
  get connected(): boolean {
    return this.#connection.connected;
  }

  /**
   * Calls a tool through the server's policies. Resolves with the `CallToolResult`
   * (an `isError` result that does not count as a failure is returned as is).
   * Rejects with `BrokenCircuitError`, `BulkheadRejectedError`, `RateLimitError`,
   * `McpTimeoutError`/`McpCallError`, or the signal's reason when the caller aborts.
   */
  async callTool(name: string, args?: Record<string, unknown>, options: CallOptions = {}): Promise<CallToolResult> {
    if (typeof name !== 'string' || name === '') throw new TypeError(`callTool: name must be a non-empty string, got ${typeof name}`);
    this.#assertOpen(name);
    const runtime = this.#runtimes.get(name);
    const started = Date.now();
    const signal = options.signal === undefined ? NO_CALL_SIGNAL : new CallSignal(options.signal);
    const call: CallState = { id: ++this.#lastCallId, runtime, args: args ?? {}, options, signal: signal.signal, attempts: 0, safety: runtime.declaredSafety };
    this.#health.calls++;
    this.#health.inFlight++;
    if (this.#events.has('event')) {
      this.#events.emit('event', {
        type: 'call-start', server: this.name, tool: name, callId: call.id, at: started,
        ...(this.#options.includeArgumentsInEvents === true ? { arguments: call.args } : {}),
      });
    }
    try {
      const result = await this.#execute(call);
      runtime.cache?.set(argumentsKey(call.args), result);
      this.#end(call, started, 'success');
      return result;
    } catch (error: unknown) {
      return await this.#failed(call, started, error);
    } finally {
      this.#health.inFlight--;
      signal.release();
    }
  }

  /** The server's tools (`tools/list`, every page), through the server's policies. */
  async listTools(options: CallOptions = {}): Promise<ListToolsResult> {
    return this.#request('tools/list', options, async (session, timeout, signal) => {
      const fetchPage: PageFetcher<Tool> = (cursor, o) => session.client.listTools(cursor === undefined ? {} : { cursor }, o).then((p) => ({ items: p.tools, nextCursor: p.nextCursor }));
      const tools = await listAll('tools/list', fetchPage, { deadline: Date.now() + timeout, maxPages: this.policy.maxPages, ...signal });
      this.#connection.noteListed(tools, session);
      return { tools };
    });
  }

  /** `resources/list`, through the server's policies. */
  listResources(options: CallOptions = {}): Promise<ListResourcesResult> {
    return this.#request('resources/list', options, (session, timeout, signal) => session.client.listResources(undefined, { timeout, ...signal }));
  }

  /** `resources/read`, through the server's policies. */
  readResource(uri: string, options: CallOptions = {}): Promise<ReadResourceResult> {
    return this.#request('resources/read', options, (session, timeout, signal) => session.client.readResource({ uri }, { timeout, ...signal }));
  }

  /** `prompts/list`, through the server's policies. */
  listPrompts(options: CallOptions = {}): Promise<ListPromptsResult> {
    return this.#request('prompts/list', options, (session, timeout, signal) => session.client.listPrompts(undefined, { timeout, ...signal }));
  }

  /** `prompts/get`, through the server's policies. */
  getPrompt(name: string, args?: Record<string, string>, options: CallOptions = {}): Promise<GetPromptResult> {
    return this.#request('prompts/get', options, (session, timeout, signal) =>
      session.client.getPrompt({ name, ...(args === undefined ? {} : { arguments: args }) }, { timeout, ...signal }),
    );
  }

  /** `ping`, through the server's policies. */
  async ping(options: CallOptions = {}): Promise<void> {
    await this.#request('ping', options, (session, timeout, signal) => session.client.ping({ timeout, ...signal }));
  }

  /** A snapshot of the server's health. Holds no arguments or environment values. */
  health(): Health {
    return { ...this.#health.snapshot(this.#connection.connected, this.#runtimes.breakers()), ...this.#beyond.health() };
  }

  /**
   * Subscribes to every event of this client (`'event'`), or to every notification the server
   * sends (`'notification'`: logging messages, `resources/updated`, `list_changed`, …); returns the unsubscribe.
   *
   * @example client.on('notification', (n) => { if (n.method === 'notifications/resources/updated') refresh(n.params?.uri); });
   */
  on(event: 'event', listener: (event: ClientEvent) => void): Unsubscribe;
  on(event: 'notification', listener: (notification: ServerNotificationMessage) => void): Unsubscribe;
  on(event: 'event' | 'notification', listener: ((event: ClientEvent) => void) | ((notification: ServerNotificationMessage) => void)): Unsubscribe {
    if (event === 'event') return this.#events.on('event', listener as (event: ClientEvent) => void);
    if ((event as string) !== 'notification') throw new TypeError(`ResilientClient.on: unknown event ${JSON.stringify(event)}; use 'event' or 'notification'`);
    return this.#events.on('notification', listener as (notification: ServerNotificationMessage) => void);
  }

  /**
   * Any request of the protocol (or one this version does not know), through the server's
   * breaker and retries: reads and idempotent settings are retried, anything else only
   * when nothing was sent. Session settings that succeed (`logging/setLevel`,
   * `resources/subscribe`) are re-applied on every new session. The result comes back as the server sent it.
   *
   * @example const { resourceTemplates } = await client.request('resources/templates/list');
   */
  async request(method: string, params?: Record<string, unknown>, options: CallOptions = {}): Promise<Result> {
    if (typeof method !== 'string' || method === '') throw new TypeError(`request: method must be a non-empty string, got ${typeof method}`);
    const result = await this.#request(method, options, (session, timeout, signal) => {
      const requestOptions: RequestOptions = { timeout, ...signal };
      if (options.onprogress !== undefined) requestOptions.onprogress = options.onprogress;
      if (options.resetTimeoutOnProgress !== undefined) requestOptions.resetTimeoutOnProgress = options.resetTimeoutOnProgress;
      return session.client.request({ method, ...(params === undefined ? {} : { params }) }, ResultSchema, requestOptions);
    }, methodSafety(method));
    this.#session.record(method, params);
    return result;
  }

  /**
   * Sends a notification to the server (e.g. `notifications/roots/list_changed`) when a
   * session is up; without one there is nobody to tell, and it is dropped.
   *
   * @example await client.notify('notifications/roots/list_changed');
   */
  async notify(method: string, params?: Record<string, unknown>): Promise<void> {
    const session = this.#connection.live;
    if (session === undefined) return;
    await session.client.notification({ method, ...(params === undefined ? {} : { params }) });
  }

  /** `resources/templates/list`, through the server's policies. */
  listResourceTemplates(options: CallOptions = {}): Promise<ListResourceTemplatesResult> {
    return this.request('resources/templates/list', undefined, options) as Promise<ListResourceTemplatesResult>;
  }

  /** `resources/subscribe`; the subscription is renewed on every new session (a failure to renew is a `restore-failed` event). */
  async subscribeResource(uri: string, options: CallOptions = {}): Promise<void> {
    await this.request('resources/subscribe', { uri }, options);
  }

  /** `resources/unsubscribe`. */
  async unsubscribeResource(uri: string, options: CallOptions = {}): Promise<void> {
    await this.request('resources/unsubscribe', { uri }, options);
  }

  /** `logging/setLevel`; the level is set again on every new session. */
  async setLoggingLevel(level: LoggingLevel, options: CallOptions = {}): Promise<void> {
    await this.request('logging/setLevel', { level }, options);
  }

  /** `completion/complete`, through the server's policies. */
  complete(params: CompleteRequest['params'], options: CallOptions = {}): Promise<CompleteResult> {
    return this.request('completion/complete', params, options) as Promise<CompleteResult>;
  }

  /**
   * Connects now (under the breaker) instead of on the first call, and resolves with what
   * the server said about itself: `serverInfo`, `capabilities`, `instructions`.
   *
   * @example const { serverInfo } = await client.connect();
   */
  async connect(options: CallOptions = {}): Promise<ServerDescription> {
    await this.#request('connect', options, () => Promise.resolve(undefined), 'read');
    return this.#connection.description ?? { serverInfo: undefined, capabilities: undefined, instructions: undefined };
  }

  /** What the server said about itself when the last session began; `undefined` before the first connect. */
  get server(): ServerDescription | undefined {
    return this.#connection.description;
  }

  /**
   * Closes the connection and stops the client. A server process it started gets
   * SIGTERM at once and SIGKILL after `graceMs` (default 1,000; 0 kills at once, and
   * cuts short the grace of a close already under way).
   */
  async close(options: { graceMs?: number } = {}): Promise<void> {
    this.#closed = true;
    await this.#connection.close(options.graceMs);
    this.#runtimes.dispose();
  }

  // Not async: it returns the policies' promise as is (an async wrapper would add a promise and two microtask hops).
  #execute(call: CallState): Promise<CallToolResult> {
    const { runtime } = call;
    const listed = this.#connection.live?.listedTools;
    const hedged = runtime.hedged !== undefined && this.#beyond.mayHedge(call, listed);
    if (this.#beyond.chaos !== undefined) this.#beyond.pinSafety(call, listed); // so an injected fault is judged like a real one
    const policy = (hedged ? runtime.hedged : undefined) ?? runtime.policy;
    const send = (each: ExecutionContext): Promise<CallToolResult> => this.#runner.attempt(call, each);
    const attempt = hedged || this.#beyond.chaos !== undefined ? this.#beyond.attempt(call, send, hedged) : send;
    const context: CallContext = { callId: call.id, tool: runtime.name, server: this.name };
    if (this.#bulkhead === undefined) return policy.execute(attempt, call.signal, 1, context);
    return this.#bulkhead.execute(() => policy.execute(attempt, call.signal, 1, context), call.signal, 1, context);
  }

  async #failed(call: CallState, started: number, error: unknown): Promise<CallToolResult> {
    const name = call.runtime.name;
    if (call.signal.aborted) {
      this.#end(call, started, 'aborted');
      throw abortReason(call.signal);
    }
    const rejection = rejectionOf(error);
    if (rejection !== undefined) {
      this.#health.rejections++;
      if (this.#events.has('event')) {
        this.#events.emit('event', { type: 'rejected', server: this.name, tool: name, reason: rejection.reason, retryAfterMs: rejection.retryAfter });
      }
    }
    const fallback = await this.#fallback(call, error);
    if (fallback !== undefined) {
      this.#end(call, started, 'fallback', error);
      return fallback;
    }
    const caller = isMcpFailure(error) && error.kind === 'caller';
    if (!caller && rejection === undefined) this.#health.failures++;
    this.#health.lastError = { tool: name, kind: kindOf(error), message: messageOf(error), at: Date.now() };
    const outcome = rejection !== undefined ? 'rejected' : caller ? 'caller-error' : isMcpFailure(error) && error.kind === 'timeout' ? 'timeout' : 'failure';
    this.#end(call, started, outcome, error);
    throw error;
  }

  async #fallback(call: CallState, error: unknown): Promise<CallToolResult | undefined> {
    const { runtime } = call;
    if (isMcpFailure(error) && error.kind === 'caller') return undefined;
    let result: CallToolResult | undefined;
    let cachedAt: number | undefined;
    if (runtime.cache !== undefined) {
      const hit = runtime.cache.get(argumentsKey(call.args));
      if (hit !== undefined) ({ result, cachedAt } = hit);
    } else if (runtime.fallbackFn !== undefined) {
      result = await runtime.fallbackFn(error);
    }
    if (result === undefined) return undefined;
    this.#health.fallbacks++;
    if (this.#events.has('event')) {
      this.#events.emit('event', {
        type: 'fallback', server: this.name, tool: runtime.name, callId: call.id, source: runtime.cache === undefined ? 'function' : 'cache',
        ...(cachedAt === undefined ? {} : { cachedAt }), error: messageOf(error),
      });
    }
    return result;
  }

  #end(call: CallState, started: number, outcome: Parameters<ClientHealth['end']>[0], error?: unknown): void {
    const durationMs = Date.now() - started;
    this.#health.end(outcome, durationMs);
    if (!this.#events.has('event')) return;
    this.#events.emit('event', {
      type: 'call-end', server: this.name, tool: call.runtime.name, callId: call.id, outcome, durationMs, attempts: call.attempts,
      ...(error === undefined ? {} : { kind: kindOf(error), error: messageOf(error) }),
    });
  }

  #request<T>(method: string, options: CallOptions, send: RequestSender<T>, safety: ToolSafety = 'read'): Promise<T> {
    this.#assertOpen(method);
    const signal = new CallSignal(options.signal);
    const breaker = this.#runtimes.serverBreaker;
    const retry = this.#retryFor(method);
    const timeoutMs = options.timeout ?? this.policy.timeout;
    const run = (): Promise<T> =>
      breaker.execute(() => retry.execute(() => this.#runner.request(method, timeoutMs, send, signal.signal, safety), signal.signal), signal.signal);
    return (this.#bulkhead === undefined ? run() : this.#bulkhead.execute(run, signal.signal))
      .catch((error: unknown) => {
        if (signal.signal.aborted) throw abortReason(signal.signal);
        throw error;
      })
      .finally(() => {
        signal.release();
      });
  }

  /** Protocol methods have retry policies of their own: never a tool's (a tool may be named like a method). */
  #retryFor(method: string): RetryPolicy {
    let retry = this.#methodRetries.get(method);
    if (retry === undefined) {
      retry = new RetryPolicy({ ...retryOptions(this.policy, {}), retryOn: this.#runner.retryable, ...this.#beyond.retryOptions() });
      this.#beyond.watch(method, retry); // the server's one budget covers protocol requests too
      retry.on('retry', ({ attempt, delay, error }) => {
        this.#health.retries++;
        if (this.#events.has('event')) {
          this.#events.emit('event', { type: 'retry', server: this.name, tool: method, attempt, delayMs: delay, kind: isMcpFailure(error) ? error.kind : 'unknown', error: messageOf(error) });
        }
      });
      this.#methodRetries.set(method, retry);
    }
    return retry;
  }

  #assertOpen(tool: string): void {
    if (this.#closed) {
      throw new McpCallError({ server: this.name, tool, kind: 'caller', message: `${this.name}: the client is closed`, sent: false, counted: false });
    }
  }

  #validateCacheFallbacks(): void {
    for (const [tool, settings] of Object.entries(this.#options.tools ?? {})) {
      const cached = settings.fallback === 'cache' || typeof settings.fallback === 'object';
      const safety = settings.safety ?? this.#options.catalog?.[tool]?.safety;
      if (cached && safety !== undefined && safety !== 'read') {
        throw new TypeError(`ResilientClient "${this.name}": tools.${tool}.fallback 'cache' is for read tools only; ${tool} is ${safety}`);
      }
    }
  }
}

function rejectionOf(error: unknown): { reason: 'circuit-open' | 'bulkhead' | 'rate-limit' | 'throttled'; retryAfter: number } | undefined {
  if (error instanceof BrokenCircuitError) return { reason: 'circuit-open', retryAfter: error.retryAfter };
  if (error instanceof ThrottledError) return { reason: 'throttled', retryAfter: 0 };
  if (error instanceof BulkheadRejectedError) return { reason: 'bulkhead', retryAfter: 0 };
  if (error instanceof RateLimitError) return { reason: 'rate-limit', retryAfter: error.retryAfter };
  return undefined;
}

function kindOf(error: unknown): NonNullable<Extract<ClientEvent, { type: 'call-end' }>['kind']> {
  if (isMcpFailure(error)) return error.kind;
  if (error instanceof BrokenCircuitError) return 'circuit-open';
  if (error instanceof BulkheadRejectedError) return 'bulkhead';
  if (error instanceof RateLimitError) return 'rate-limit';
  if (error instanceof ThrottledError) return 'throttled';
  return 'protocol';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}


