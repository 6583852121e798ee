import { ResilienceError, TimeoutError } from '@res/core';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

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

/** Facts shared by every MCP failure res reports. */
export interface McpFailure {
  /** The server's name (the client's `name`). */
  readonly server: string;
  /** The tool called, or the method (`tools/list`, `resources/read`…) for other requests. */
  readonly tool: string | undefined;
  readonly kind: ErrorKind;
  /** The JSON-RPC or HTTP status code, when there was one. */
  readonly code: number | undefined;
  /** The tool's result, for `tool`, `caller` and `rate-limit` failures read from a result. */
  readonly result: CallToolResult | undefined;
  /** Ms the server asked to wait before trying again (`rate-limit`). */
  readonly retryAfter: number | undefined;
  /** Whether the request may have reached the server (an unsafe tool is then never re-sent). */
  readonly sent: boolean;
  /** Whether the failure counts for the breaker. */
  readonly counted: boolean;
}

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
  counted?: boolean | undefined;
  /** The task (SEP-1686) the call ran as, when it was created. */
  taskId?: string | undefined;
  cause?: unknown;
}

/**
 * A failed MCP request, classified. Never carries tool arguments or environment values.
 *
 * @example catch (e) { if (e instanceof McpCallError && e.kind === 'caller') fixRequest(e.message); }
 */
export class McpCallError extends ResilienceError implements McpFailure {
  readonly server: string;
  readonly tool: string | undefined;
  readonly kind: ErrorKind;
  readonly code: number | undefined;
  readonly result: CallToolResult | undefined;
  readonly retryAfter: number | undefined;
  readonly sent: boolean;
  readonly counted: boolean;
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
    this.retryAfter = init.retryAfter;
    this.sent = init.sent;
    this.counted = init.counted ?? countedByDefault(init.kind);
    this.taskId = init.taskId;
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
  readonly [BRAND] = true;

  constructor(server: string, tool: string | undefined, timeout: number, cause?: unknown) {
    super(timeout);
    this.name = 'McpTimeoutError';
    this.message = `${server}${tool === undefined ? '' : ` ${tool}`}: no answer within ${timeout} ms`;
    this.server = server;
    this.tool = tool;
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

function countedByDefault(kind: ErrorKind): boolean {
  return kind === 'transport' || kind === 'timeout' || kind === 'protocol' || kind === 'tool';
}
