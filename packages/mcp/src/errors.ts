import { BulkheadRejectedError, RateLimitError, ResilienceError, TimeoutError } from '@res/core';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ToolSafety } from './types.js';
import { verdict } from './verdict.js';

/**
 * What went wrong, from the client's point of view (DESIGN §4):
 * - `transport`: the connection failed or closed (spawn error, refused, closed, HTTP 5xx);
 * - `timeout`: no answer in time;
 * - `protocol`: the server answered with an internal error or a malformed result;
 * - `caller`: the request itself was wrong (bad params, unknown method or tool): never retried, never a breaker failure;
 * - `tool`: the tool answered with a failure (an `isError` result that counts, or an in-band error);
 * - `rate-limit`: the server asked to slow down (`retryAfter` ms).
 */
export type ErrorKind = 'transport' | 'timeout' | 'protocol' | 'caller' | 'tool' | 'rate-limit';

const BRAND = Symbol.for('res.mcp.failure');

/** Fields of an {@link McpCallError}. */
export interface McpCallErrorInit {
  server: string;
  tool: string | undefined;
  kind: ErrorKind;
  message: string;
  code?: number | undefined;
  result?: CallToolResult | undefined;
  retryAfter?: number | undefined;
  sent: boolean;
  /** A classifier's `counted: false` for a `tool` or `protocol` failure (see {@link verdict}). */
  counted?: boolean | undefined;
  /** The safety of the tool (or method) the request was for: with `sent`, it decides `retryable`. ['unsafe'] */
  safety?: ToolSafety | undefined;
  /** `false`: the same request would fail the same way (a start that exits, an answer over the read limit, a lost task); never retried. [true] */
  repeatable?: boolean | undefined;
  /** The task (SEP-1686) the call ran as, when it was created: a retry only polls it. */
  taskId?: string | undefined;
  cause?: unknown;
}

/**
 * A failed MCP request, classified. Never carries tool arguments or environment values.
 *
 * @example catch (e) { if (e instanceof McpCallError && e.kind === 'caller') fixRequest(e.message); }
 */
export class McpCallError extends ResilienceError {
  /** The server's name (the client's `name`). */
  readonly server: string;
  /** The tool called, or the method (`tools/list`, `resources/read`…) for other requests. */
  readonly tool: string | undefined;
  readonly kind: ErrorKind;
  /** The JSON-RPC or HTTP status code, when there was one. */
  readonly code: number | undefined;
  /** The tool's result, for `tool`, `caller` and `rate-limit` failures read from a result. */
  readonly result: CallToolResult | undefined;
  /** Ms the server asked to wait before trying again (`rate-limit`: 1,000 when it did not say). */
  readonly retryAfter: number | undefined;
  /** Whether the request may have reached the server (an unsafe tool is then never re-sent). */
  readonly sent: boolean;
  /** Whether the failure counts for the breaker (the verdict, {@link verdict}). */
  readonly counted: boolean;
  /** Whether a retry may send the request again (the verdict, {@link verdict}): what the retry policy reads. */
  readonly retryable: boolean;
  /** The task the tool call ran as (SEP-1686), when the server created one: its outcome may still be asked for. */
  readonly taskId: string | undefined;
  readonly [BRAND] = true;

  constructor(init: McpCallErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'McpCallError';
    this.server = init.server;
    this.tool = init.tool;
    this.kind = init.kind;
    this.code = init.code;
    this.result = init.result;
    this.sent = init.sent;
    this.taskId = init.taskId;
    const judged = verdict({ ...init, task: init.taskId !== undefined }, init.safety ?? 'unsafe', init.sent);
    this.counted = judged.counted;
    this.retryable = judged.retryable;
    this.retryAfter = judged.retryAfter;
  }

  /** `instanceof McpCallError` also holds for {@link McpTimeoutError}, which is a core `TimeoutError` too. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this === McpCallError) return isMcpFailure(value);
    return Function.prototype[Symbol.hasInstance].call(this, value);
  }
}

/**
 * An attempt that got no answer within its `timeout`. It is both a core
 * `TimeoutError` (`.timeout` ms) and an `McpCallError` of kind `'timeout'`.
 *
 * @example catch (e) { if (e instanceof TimeoutError) console.log(e.timeout, (e as McpTimeoutError).tool); }
 */
export class McpTimeoutError extends TimeoutError implements McpFailure {
  readonly server: string;
  readonly tool: string | undefined;
  readonly kind = 'timeout' as const;
  readonly code: number | undefined = -32001;
  readonly result = undefined;
  readonly retryAfter = undefined;
  readonly sent = true;
  readonly counted = true;
  /** A read or idempotent tool's timeout is retried (and a task's, whose retry only polls it). */
  readonly retryable: boolean;
  /** The task the tool call ran as (SEP-1686), when the server created one. */
  readonly taskId: string | undefined;
  readonly [BRAND] = true;

  /** `facts`: the tool's safety (['unsafe']) and the call's task, which decide `retryable`. */
  constructor(server: string, tool: string | undefined, timeout: number, cause?: unknown, facts: { safety?: ToolSafety | undefined; taskId?: string | undefined } = {}) {
    super(timeout);
    this.name = 'McpTimeoutError';
    this.message = `${server}${tool === undefined ? '' : ` ${tool}`}: no answer within ${timeout} ms`;
    this.server = server;
    this.tool = tool;
    this.taskId = facts.taskId;
    this.retryable = verdict({ kind: 'timeout', task: facts.taskId !== undefined }, facts.safety ?? 'unsafe', true).retryable;
    if (cause !== undefined) this.cause = cause;
  }
}

/**
 * True for every MCP failure res reports ({@link McpCallError}, {@link McpTimeoutError}).
 *
 * @example catch (error) { if (isMcpFailure(error) && error.kind === 'caller') showUser(error.message); }
 */
export function isMcpFailure(value: unknown): value is McpFailure & Error {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/**
 * Facts shared by every MCP failure res reports ({@link McpCallError}, {@link McpTimeoutError}),
 * documented on {@link McpCallError}.
 *
 * @example function describe(failure: McpFailure): string { return `${failure.kind}${failure.retryable ? ' (retried)' : ''}`; }
 */
export type McpFailure = Pick<McpCallError, 'server' | 'tool' | 'kind' | 'code' | 'result' | 'retryAfter' | 'sent' | 'counted' | 'retryable'>;

/**
 * The retry policies' `retryOn`: an MCP failure whose verdict says a retry may send it again.
 *
 * @example new RetryPolicy({ retryOn: mayRetry });
 */
export function mayRetry(error: unknown): boolean {
  return error instanceof McpCallError && error.retryable;
}

/**
 * The breaker's `isFailure`: the verdict's `counted` for an MCP failure; any other error
 * (the caller's code, a transport res does not know) counts.
 *
 * @example new CircuitBreaker({ isFailure: countsForBreaker, ignore: ignoredByBreaker });
 */
export function countsForBreaker(error: unknown): boolean {
  return isMcpFailure(error) ? error.counted : true;
}

/**
 * The breaker's `ignore`: a rate limit (the server's or res's own) and a full bulkhead say
 * nothing about the server's health, neither failure nor success.
 *
 * @example new CircuitBreaker({ isFailure: countsForBreaker, ignore: ignoredByBreaker });
 */
export function ignoredByBreaker(error: unknown): boolean {
  return error instanceof RateLimitError || error instanceof BulkheadRejectedError || (isMcpFailure(error) && error.kind === 'rate-limit');
}
