import type { CircuitBreaker, Unsubscribe } from '@res/core';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import {
  ResultSchema,
  type CallToolResult,
  type CompleteRequest,
  type CompleteResult,
  type GetPromptResult,
  type ListPromptsResult,
  type ListResourcesResult,
  type ListResourceTemplatesResult,
  type ListToolsResult,
  type LoggingLevel,
  type ReadResourceResult,
  type Result,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { ProtocolRequests } from './client/requests.js';
import { subscribeEvents } from './client/record.js';
import { ToolCalls } from './client/tool-call.js';
import { wireClient, type ClientParts } from './client/wiring.js';
import type { ServerDescription } from './connection.js';
import type { ClientEvent, EventListenerOptions } from './events.js';
import type { Health } from './health.js';
import { listAll, type PageFetcher } from './list-all.js';
import { methodSafety } from './protocol/methods.js';
import { validateClientOptions } from './settings.js';
import type { CallOptions, ResilientClientOptions, ServerNotificationMessage, ServerPolicy } from './types.js';

/** The options of every call made without any (one object, not one per call). */
const NO_OPTIONS: CallOptions = Object.freeze({});

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
  readonly #parts: ClientParts;
  readonly #tools: ToolCalls;
  readonly #requests: ProtocolRequests;

  constructor(options: ResilientClientOptions) {
    this.policy = Object.freeze(validateClientOptions(options));
    this.name = options.name;
    this.#parts = wireClient(options, this.policy);
    this.#tools = new ToolCalls(this.#parts);
    this.#requests = new ProtocolRequests(this.#parts);
  }

  /** The server's breaker (per-tool breakers: see `breakerFor` and `health().tools`). Use it to `reset()` or `isolate()` by hand. */
  get breaker(): CircuitBreaker {
    return this.#parts.runtimes.serverBreaker;
  }

  /**
   * The breaker that guards a tool: the server's, or the tool's own when `breakerScope` is `'tool'`.
   *
   * @example client.breakerFor('send_message').reset();
   */
  breakerFor(tool: string): CircuitBreaker {
    return this.#parts.runtimes.get(tool).breaker;
  }

  /**
   * Every breaker made so far: the server's (key `undefined`) and, with `breakerScope: 'tool'`, one per tool called.
   *
   * @example for (const breaker of client.breakers().values()) breaker.reset();
   */
  breakers(): ReadonlyMap<string | undefined, CircuitBreaker> {
    return this.#parts.runtimes.breakers();
  }

  /**
   * Whether `name` is a tool this client knows without asking the server: in its
   * catalog, in its `tools` option, or in the server's tool list as last fetched.
   * Sends nothing. For bounded metric labels (`@res/prometheus`).
   */
  knowsTool(name: string): boolean {
    return Object.hasOwn(this.#parts.options.catalog ?? {}, name) || Object.hasOwn(this.#parts.options.tools ?? {}, name) || this.#parts.connection.listed(name);
  }

  /** True while a session with the server is up. */
  get connected(): boolean {
    return this.#parts.connection.connected;
  }

  /**
   * Calls a tool through the server's policies. Resolves with the `CallToolResult`
   * (an `isError` result that does not count as a failure is returned as is).
   * Rejects with `BrokenCircuitError`, `BulkheadRejectedError`, `RateLimitError`,
   * `McpTimeoutError`/`McpCallError`, or the signal's reason when the caller aborts.
   */
  callTool(name: string, args?: Record<string, unknown>, options: CallOptions = NO_OPTIONS): Promise<CallToolResult> {
    // Not async (one promise fewer per call), yet a bad name still rejects rather than throws.
    if (typeof name !== 'string' || name === '') return Promise.reject(new TypeError(`callTool: name must be a non-empty string, got ${typeof name}`));
    return this.#tools.call(name, args, options);
  }

  /** The server's tools (`tools/list`, every page), through the server's policies. */
  async listTools(options: CallOptions = {}): Promise<ListToolsResult> {
    return this.#requests.run('tools/list', options, async (session, timeout, signal) => {
      const fetchPage: PageFetcher<Tool> = (cursor, o) => session.client.listTools(cursor === undefined ? {} : { cursor }, o).then((p) => ({ items: p.tools, nextCursor: p.nextCursor }));
      const tools = await listAll('tools/list', fetchPage, { deadline: Date.now() + timeout, maxPages: this.#parts.policy.maxPages, ...signal });
      this.#parts.connection.noteListed(tools, session);
      return { tools };
    });
  }

  /** `resources/list`, through the server's policies. */
  listResources(options: CallOptions = {}): Promise<ListResourcesResult> {
    return this.#requests.run('resources/list', options, (session, timeout, signal) => session.client.listResources(undefined, { timeout, ...signal }));
  }

  /** `resources/read`, through the server's policies. */
  readResource(uri: string, options: CallOptions = {}): Promise<ReadResourceResult> {
    return this.#requests.run('resources/read', options, (session, timeout, signal) => session.client.readResource({ uri }, { timeout, ...signal }));
  }

  /** `prompts/list`, through the server's policies. */
  listPrompts(options: CallOptions = {}): Promise<ListPromptsResult> {
    return this.#requests.run('prompts/list', options, (session, timeout, signal) => session.client.listPrompts(undefined, { timeout, ...signal }));
  }

  /** `prompts/get`, through the server's policies. */
  getPrompt(name: string, args?: Record<string, string>, options: CallOptions = {}): Promise<GetPromptResult> {
    return this.#requests.run('prompts/get', options, (session, timeout, signal) =>
      session.client.getPrompt({ name, ...(args === undefined ? {} : { arguments: args }) }, { timeout, ...signal }),
    );
  }

  /** `ping`, through the server's policies. */
  async ping(options: CallOptions = {}): Promise<void> {
    await this.#requests.run('ping', options, (session, timeout, signal) => session.client.ping({ timeout, ...signal }));
  }

  /** A snapshot of the server's health. Holds no arguments or environment values. */
  health(): Health {
    return { ...this.#parts.record.health.snapshot(this.#parts.connection.connected, this.#parts.runtimes.breakers()), ...this.#parts.beyond.health() };
  }

  /**
   * Subscribes to every event of this client (`'event'`; `{ types }` picks some), or to every
   * notification the server sends (`'notification'`: logging messages, `resources/updated`,
   * `list_changed`, …); returns the unsubscribe.
   *
   * @example client.on('notification', (n) => { if (n.method === 'notifications/resources/updated') refresh(n.params?.uri); });
   */
  on(event: 'event', listener: (event: ClientEvent) => void, options?: EventListenerOptions): Unsubscribe;
  on(event: 'notification', listener: (notification: ServerNotificationMessage) => void): Unsubscribe;
  on(event: 'event' | 'notification', listener: ((event: ClientEvent) => void) | ((notification: ServerNotificationMessage) => void), options?: EventListenerOptions): Unsubscribe {
    if (event === 'event') return subscribeEvents(this.#parts.events, listener as (event: ClientEvent) => void, options);
    if ((event as string) !== 'notification') throw new TypeError(`ResilientClient.on: unknown event ${JSON.stringify(event)}; use 'event' or 'notification'`);
    return this.#parts.events.on('notification', listener as (notification: ServerNotificationMessage) => void);
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
    const result = await this.#requests.run(method, options, (session, timeout, signal) => {
      const requestOptions: RequestOptions = { timeout, ...signal };
      if (options.onprogress !== undefined) requestOptions.onprogress = options.onprogress;
      if (options.resetTimeoutOnProgress !== undefined) requestOptions.resetTimeoutOnProgress = options.resetTimeoutOnProgress;
      return session.client.request({ method, ...(params === undefined ? {} : { params }) }, ResultSchema, requestOptions);
    }, methodSafety(method));
    this.#parts.session.record(method, params);
    return result;
  }

  /**
   * Sends a notification to the server (e.g. `notifications/roots/list_changed`) when a
   * session is up; without one there is nobody to tell, and it is dropped.
   *
   * @example await client.notify('notifications/roots/list_changed');
   */
  async notify(method: string, params?: Record<string, unknown>): Promise<void> {
    const session = this.#parts.connection.live;
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
    await this.#requests.run('connect', options, () => Promise.resolve(undefined), 'read');
    return this.#parts.connection.description ?? { serverInfo: undefined, capabilities: undefined, instructions: undefined };
  }

  /** What the server said about itself when the last session began; `undefined` before the first connect. */
  get server(): ServerDescription | undefined {
    return this.#parts.connection.description;
  }

  /**
   * Closes the connection and stops the client. A server process it started gets
   * SIGTERM at once and SIGKILL after `graceMs` (default 1,000; 0 kills at once, and
   * cuts short the grace of a close already under way).
   */
  async close(options: { graceMs?: number } = {}): Promise<void> {
    this.#parts.closed = true;
    await this.#parts.connection.close(options.graceMs);
    this.#parts.runtimes.dispose();
  }
}
