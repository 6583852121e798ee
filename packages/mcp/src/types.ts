import type { Backoff, BreakerStore, CountWindowOptions, Jitter, RateLimitStore, TimeWindowOptions } from '@res/core';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type { FetchLike, Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { CallToolResult, ClientCapabilities, Progress } from '@modelcontextprotocol/sdk/types.js';
import type { ChaosPolicySettings, ConcurrencySetting, HedgeSetting, RetryBudgetSetting, ThrottleSetting } from './policies/types.js';
import type { ServerRequestHandlers } from './protocol/handlers.js';

/** A notification from the server, as sent. */
export interface ServerNotificationMessage {
  method: string;
  params?: Record<string, unknown> | undefined;
}

/** How safe a tool is to send twice. `'read'` and `'idempotent'` tools are retried; `'unsafe'` ones never once sent. */
export type ToolSafety = 'read' | 'idempotent' | 'unsafe';

/** Launch a stdio server. `env` is added to the SDK's default environment (HOME, PATH…). */
export interface StdioConnect {
  command: string;
  args?: string[];
  env?: Record<string, string>;
  cwd?: string;
  /** The child's stderr: `'inherit'` (default, like the SDK), `'ignore'` or `'pipe'`. */
  stderr?: 'inherit' | 'ignore' | 'pipe';
}

/** Reach a streamable HTTP server. */
export interface HttpConnect {
  url: string;
  headers?: Record<string, string>;
  /** OAuth for the server (the SDK's `OAuthClientProvider`); a 401/403 it cannot fix is a `caller` error. */
  authProvider?: OAuthClientProvider;
  /** Passed to every request the transport makes (`headers` are merged over its headers). */
  requestInit?: RequestInit;
  /** A `fetch` to use instead of the global one (a proxy agent, a test double). */
  fetch?: FetchLike;
}

/** Builds a fresh transport for each connection (transports are single use). */
export type TransportFactory = () => Transport | Promise<Transport>;

/** Where the server is: a command to launch, a URL, or a transport factory. */
export type ConnectOptions = StdioConnect | HttpConnect | TransportFactory;

/** Per-server resilience settings: core's option names, flattened. */
export interface ServerPolicy {
  /** Ms per attempt: bounds each request (the SDK's request timeout is set to match). */
  timeout: number;
  /** Ms to spawn or reach the server and initialize the session. */
  connectTimeout: number;
  /** Consecutive failed calls that open the breaker (an alternative to `window`). */
  failureThreshold?: number;
  /** A failure-rate window instead of consecutive failures. */
  window?: CountWindowOptions | TimeWindowOptions;
  /** Ms the breaker stays open before a trial call. */
  recoveryTimeout: number;
  /** Trial calls at once in half-open. */
  halfOpenMaxCalls: number;
  /** Successful trials that close the breaker. */
  successThreshold?: number;
  /** Attempts per call, the first included (read and idempotent tools only; unsafe ones get 1 once sent). */
  maxAttempts: number;
  backoff: Backoff;
  baseDelay: number;
  factor?: number;
  maxDelay: number;
  jitter: Jitter;
  /** Ms budget for a call's attempts and waits together. */
  maxElapsed?: number;
  /** Calls in flight at once, and waiting. */
  bulkhead?: { limit: number; queue?: number };
  /**
   * A client-side token bucket: each request sent takes a token, retries included.
   * `store` shares the bucket with other processes (e.g. `@res/redis`'s `redisRateLimit`).
   */
  rateLimit?: { tokens: number; interval: number; burst?: number; maxWait?: number; store?: RateLimitStore };
  /** One breaker for the server (default), or one per tool. */
  breakerScope?: 'server' | 'tool';
  /** Shares the breaker's state with other processes (e.g. `@res/redis`). */
  store?: BreakerStore;
  /**
   * One retry budget for the server (core's `retryBudget`), shared by every tool's retries
   * and hedges: they add at most `ratio` to the load of first attempts. `false`: none.
   */
  retryBudget?: RetryBudgetSetting;
  /**
   * Hedged requests for read and idempotent tools (never an unsafe one, whatever this says):
   * a tool call that has not answered after `delay` is sent again; the first answer wins
   * and the others are cancelled. Per tool: `tools.<name>.hedge`. `false`: none.
   */
  hedge?: HedgeSetting;
  /** An adaptive concurrency limit for the server's tool calls: `'adaptive'` (core's defaults) or `adaptiveLimit` options. */
  concurrency?: ConcurrencySetting;
  /** Client-side adaptive throttling (Google SRE) of the server's tool calls: core's `throttle` options. */
  throttle?: ThrottleSetting;
  /** Fault and latency injection for game days: never on by default. */
  chaos?: ChaosPolicySettings;
  /** Pages of `nextCursor` a listing follows at most. [100] */
  maxPages?: number;
  /** Timeouts in a row after which a stdio server is taken as hung: its process is killed and the next attempt respawns it. [2] */
  restartAfterTimeouts?: number;
  /** Tools whose bookkeeping (policies, cache, per-tool breaker) is kept; the least recently called is dropped beyond. [1000] */
  maxTools?: number;
}

/** A named preset: a complete {@link ServerPolicy}. */
export type Preset = ServerPolicy;

/** Stale-if-error for a read tool: the last good result for the same arguments. */
export interface CacheFallback {
  cache: true;
  /** Results kept per tool (least recently used go first). [100] */
  maxEntries?: number;
  /** Ms a cached result may be served for. [Infinity] */
  maxAge?: number;
}

/** Per tool settings, on top of the server's. */
export interface ToolPolicy {
  safety?: ToolSafety;
  /** Ms per attempt for this tool. */
  timeout?: number;
  /** Retry settings for this tool, or `false` for a single attempt. */
  retry?: false | Partial<Pick<ServerPolicy, 'maxAttempts' | 'backoff' | 'baseDelay' | 'factor' | 'maxDelay' | 'jitter' | 'maxElapsed'>>;
  /**
   * When the call fails or the breaker is open: `'cache'` (or `{ cache: true, … }`) serves
   * the last good result for the same arguments, marked stale; a function makes a result.
   */
  fallback?: 'cache' | CacheFallback | ((error: unknown) => CallToolResult | Promise<CallToolResult>);
  /** Hedging for this tool (read and idempotent tools only), over the server's `hedge`; `false`: never. */
  hedge?: HedgeSetting;
  /**
   * For a tool whose `execution.taskSupport` is `'optional'`: call it as a task (SEP-1686)
   * `'always'`, `'never'`, or `'auto'` — when it is unsafe, so its outcome survives a lost
   * connection. A `'required'` tool is always called as a task. ['auto']
   */
  task?: TaskMode;
}

/**
 * How a tool with optional task support is called (`ToolPolicy.task`).
 *
 * @example const tools = { 'write-report': { task: 'always' as TaskMode } };
 */
export type TaskMode = 'auto' | 'always' | 'never';

/** What `classifyResult` says of a result that looks successful on the wire. */
export interface ResultClassification {
  kind: 'failure' | 'caller' | 'rate-limit';
  /** Ms to wait before trying again (`rate-limit`). */
  retryAfter?: number;
  /** Whether a `failure` counts for the breaker. [true] */
  counted?: boolean;
  /** The server rejected the request before any tool ran: even an unsafe tool may be re-sent. [false] */
  notExecuted?: boolean;
  /** A short description, used as the error message (never include arguments). */
  message?: string;
}

/** Reads in-band failures: `undefined` for success. */
export type ResultClassifier = (
  result: CallToolResult,
  context: { tool: string; safety: ToolSafety },
) => ResultClassification | undefined;

/**
 * Reads a tool call's JSON-RPC error by its message, for servers that use one code
 * for their faults and the caller's mistakes (Mermaid's diagram syntax errors are
 * -32603, like a crashed renderer). Sees errors res would count as `protocol`
 * failures (-32603 and other non-caller codes); `undefined` keeps that verdict.
 * `message` is the server's, without the SDK's `MCP error <code>: ` prefix.
 *
 * @example (error) => (/Parse error/.test(error.message) ? { kind: 'caller' } : undefined)
 */
export type ErrorClassifier = (
  error: { code: number; message: string },
  context: { tool: string; safety: ToolSafety },
) => ResultClassification | undefined;

/** One tool in an adapter's catalog. */
export interface CatalogEntry {
  safety: ToolSafety;
  purpose: string;
  /** The lowest tool profile that registers it, where the server has profiles. */
  profile?: 'minimal' | 'standard' | 'full';
  /** Ms per attempt suggested for this tool (long renders, workflows). */
  timeout?: number;
  /**
   * Attempts per call for this tool, the first included, where it differs from the
   * preset's (e.g. 1 where the server already retries the request itself). Like
   * `timeout`, it beats the server-wide policy; the `tools` option's `retry` beats it.
   */
  maxAttempts?: number;
  note?: string;
}

/** Tool name -> entry. */
export type Catalog = Record<string, CatalogEntry>;

/** Names of the presets shipped with @res/mcp. */
export type PresetName = 'external-api' | 'local' | 'workflow' | 'critical' | 'fail-fast';

/** Options of `new ResilientClient(...)`. */
export interface ResilientClientOptions {
  /** The server's name: in errors, events, health and metrics. */
  name: string;
  connect: ConnectOptions;
  /** A preset name or object. [`'external-api'`] */
  preset?: PresetName | Preset;
  /** Overrides on top of the preset. */
  policy?: Partial<ServerPolicy>;
  /** Per tool settings. */
  tools?: Record<string, ToolPolicy>;
  /** Whether an `isError: true` result is a failure (`tool` kind). [false: returned as a result] */
  toolErrorIsFailure?: boolean | ((result: CallToolResult) => boolean);
  /** Reads in-band failures from successful results. */
  classifyResult?: ResultClassifier;
  /** Reads a tool call's JSON-RPC errors by their message (see {@link ErrorClassifier}). */
  classifyError?: ErrorClassifier;
  /** The tools the server is known to have, with their safety (adapters). */
  catalog?: Catalog;
  /** The environment variable that chooses the server's tool set, named in errors about absent tools. */
  profileEnv?: string;
  /** Put tool arguments in events (off: arguments often hold credentials or personal data). [false] */
  includeArgumentsInEvents?: boolean;
  /** Client name and version sent in `initialize`. */
  clientInfo?: { name: string; version: string };
  /**
   * Answers to the requests the server sends (`sampling/createMessage`, `elicitation/create`,
   * `roots/list`, or `other` for any of them); a capability is declared only for the handlers given.
   */
  handlers?: ServerRequestHandlers;
  /** Details of the declared client capabilities (e.g. `elicitation: { form: {}, url: {} }`), or a function read at every connect. */
  capabilities?: ClientCapabilities | (() => ClientCapabilities);
}

/** Options of one call. */
export interface CallOptions {
  /** Aborts waits, queues and the request itself (the server handler's signal too). */
  signal?: AbortSignal;
  /** Ms per attempt, for this call. */
  timeout?: number;
  /** Progress notifications from the server. */
  onprogress?: (progress: Progress) => void;
  /** Progress notifications restart the attempt's timeout. */
  resetTimeoutOnProgress?: boolean;
  /** `_meta` sent with a tool call (e.g. from a host, through a proxy); `progressToken` is set by `onprogress`. */
  meta?: Record<string, unknown>;
}
