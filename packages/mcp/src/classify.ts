/**
 * Error classification, in one place: how the MCP SDK (1.32) surfaces each
 * failure, mapped to res's kinds (DESIGN §4). Supporting another SDK version
 * means changing this file only.
 */
import { ErrorCode, McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { isMcpFailure, McpCallError, McpTimeoutError } from './errors.js';
import { resultText } from './result-body.js';
import { ListDeadlineError } from './list-all.js';
import type { ErrorClassifier, ResultClassifier, ToolSafety } from './types.js';

/**
 * Where a failure happened: while connecting (nothing of the call was sent) or during the request.
 * @inline
 */
export type Phase = 'connect' | 'request';

/**
 * What classification needs to know about the call.
 * @inline
 */
export interface CallFacts {
  server: string;
  tool: string | undefined;
  phase: Phase;
  /** The attempt's timeout, ms. */
  timeout: number;
  /** The tool's safety, for the failure's verdict (`retryable`). ['unsafe'] */
  safety?: ToolSafety | undefined;
  /** The task the call runs as, once the server created it: a retry only polls it. */
  taskId?: string | undefined;
  /** How the server process ended, when it did (stdio): added to a transport failure's message. */
  exited?: string | undefined;
}

const CALLER_CODES = new Set<number>([ErrorCode.InvalidRequest, ErrorCode.MethodNotFound, ErrorCode.InvalidParams]);
const PREFIX = /^(?:MCP error -?\d+: )+/;

/**
 * The server's message without the SDK's `MCP error <code>: ` prefix (which doubles on re-throw).
 *
 * @example stripPrefix('MCP error -32603: MCP error -32603: boom'); // 'boom'
 */
export function stripPrefix(message: string): string {
  return message.replace(PREFIX, '');
}

/** Error codes of node's network and spawn errors, from the error or its cause. */
function systemCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

// Errors that mean the connection was never made: nothing reached the server.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOENT', 'EACCES', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Turns what the SDK threw into an {@link McpCallError} (or {@link McpTimeoutError}), with its
 * verdict; an adapter's `classifier`, when given, then reads a tool call's JSON-RPC error.
 * A caller's abort is not classified here: the caller checks its own signal first.
 *
 * @example const failure = classifyThrown(error, { server: 'mailgun', tool: 'get_domains', phase: 'request', timeout: 20_000 }); failure.kind;
 */
export function classifyThrown(error: unknown, facts: CallFacts, classifier?: ErrorClassifier): McpCallError | McpTimeoutError {
  const failure = classifySdkError(error, facts);
  if (classifier === undefined) return failure;
  return reclassifyThrown(failure, { tool: facts.tool ?? '', safety: facts.safety ?? 'unsafe' }, classifier);
}

function classifySdkError(error: unknown, facts: CallFacts): McpCallError | McpTimeoutError {
  const { server, tool, safety, taskId, exited } = facts;
  const beforeSend = facts.phase === 'connect';
  const make = (kind: McpCallError['kind'], message: string, extra: { code?: number; sent?: boolean } = {}): McpCallError =>
    new McpCallError({
      server, tool, kind, message: `${server}${tool === undefined ? '' : ` ${tool}`}: ${message}${kind === 'transport' && exited !== undefined ? `: ${exited}` : ''}`,
      code: extra.code, sent: beforeSend ? false : (extra.sent ?? true), safety, taskId, cause: error,
    });
  const timedOut = (): McpTimeoutError => new McpTimeoutError(server, tool, facts.timeout, error, { safety, taskId });

  if (error instanceof McpError) {
    const message = stripPrefix(error.message);
    const code: number = error.code;
    if (code === (ErrorCode.RequestTimeout as number)) {
      return beforeSend ? make('timeout', `connect timed out (${message})`, { code: error.code }) : timedOut();
    }
    if (code === (ErrorCode.ConnectionClosed as number)) return make('transport', `connection closed (${message})`, { code: error.code });
    if (CALLER_CODES.has(error.code)) return make('caller', message, { code: error.code, sent: true });
    return make('protocol', message, { code: error.code });
  }
  // The auth provider could not get a token the server accepts: the caller's configuration, never retried.
  if (error instanceof UnauthorizedError) return make('caller', `unauthorized (HTTP 401): ${error.message}`, { code: 401, sent: true });
  if (error instanceof ListDeadlineError) return timedOut();
  if (error instanceof StreamableHTTPError) {
    const status = error.code;
    // The session is gone (the server restarted): 404 per the spec; some servers, server-everything among them, answer 400 naming the session.
    if (status === 404 || (status === 400 && /session/i.test(error.message))) {
      return make('transport', `session not found (HTTP ${status}): the server restarted`, { code: status, sent: false });
    }
    if (status !== undefined && status >= 500) return make('transport', `HTTP ${status}`, { code: status });
    if (status === 408 || status === 429) return make('transport', `HTTP ${status}`, { code: status });
    return make('caller', `HTTP ${String(status)}: ${error.message}`, { ...(status === undefined ? {} : { code: status }), sent: true });
  }
  // Already classified (asked after the SDK's own errors, which are the usual case).
  if (isMcpFailure(error)) return error as McpCallError | McpTimeoutError;
  if (error instanceof Error) {
    const code = systemCode(error);
    if (error.message === 'Not connected') return make('transport', 'not connected', { sent: false });
    if (code !== undefined && NOT_SENT_CODES.has(code)) return make('transport', `${error.message} (${code})`, { sent: false });
    if (error.message === 'fetch failed' || code !== undefined) return make('transport', `${error.message}${code === undefined ? '' : ` (${code})`}`);
    if (error.name === 'ZodError' || error.name === '$ZodError') return make('protocol', 'malformed result from the server');
    return make('protocol', stripPrefix(error.message));
  }
  return make('protocol', `unexpected ${typeof error} thrown`);
}

/**
 * Applies an adapter's {@link ErrorClassifier} to a `protocol` failure of a tool call
 * (a JSON-RPC error with a code): its verdict replaces res's default one.
 */
function reclassifyThrown(
  failure: McpCallError | McpTimeoutError,
  facts: { tool: string; safety: ToolSafety },
  classifier: ErrorClassifier | undefined,
): McpCallError | McpTimeoutError {
  if (classifier === undefined || failure.kind !== 'protocol' || failure.code === undefined) return failure;
  const sdkError = failure.cause instanceof McpError ? failure.cause : undefined;
  const message = stripPrefix(sdkError?.message ?? failure.message);
  const verdict = classifier({ code: failure.code, message }, facts);
  if (verdict === undefined) return failure;
  const { server, tool, code, taskId, cause } = failure;
  const made = { server, tool, code, message: `${server} ${facts.tool}: ${verdict.message ?? message}`, safety: facts.safety, taskId, cause };
  const sent = verdict.notExecuted !== true;
  if (verdict.kind === 'rate-limit') return new McpCallError({ ...made, kind: 'rate-limit', retryAfter: verdict.retryAfter, sent });
  if (verdict.kind === 'caller') return new McpCallError({ ...made, kind: 'caller', sent: true });
  return new McpCallError({ ...made, kind: 'protocol', sent, counted: verdict.counted });
}

const CALLER_PREFIX = /^MCP error (-32600|-32601|-32602):/;

/**
 * What a result means for the call. `undefined`: a success, returned as is. Exported as
 * `classifyToolResult`.
 *
 * @example const failure = classifyToolResult(result, { server: 'mailgun', tool: 'get_domains', safety: 'read' }, classifyMailgunResult, false);
 */
export function classifyResult(
  result: CallToolResult,
  facts: { server: string; tool: string; safety: ToolSafety },
  classifier: ResultClassifier | undefined,
  toolErrorIsFailure: boolean | ((result: CallToolResult) => boolean),
): McpCallError | undefined {
  const { server, tool, safety } = facts;
  const verdict = classifier?.({ ...result }, { tool, safety });
  if (verdict !== undefined) {
    const made = { server, tool, message: `${server} ${tool}: ${verdict.message ?? describe(verdict.kind, result)}`, result, safety, sent: verdict.notExecuted !== true };
    if (verdict.kind === 'rate-limit') return new McpCallError({ ...made, kind: 'rate-limit', retryAfter: verdict.retryAfter });
    if (verdict.kind === 'caller') return new McpCallError({ ...made, kind: 'caller', sent: true });
    return new McpCallError({ ...made, kind: 'tool', counted: verdict.counted });
  }
  if (result.isError !== true || toolErrorIsFailure === false) return undefined;
  const text = resultText(result);
  if (toolErrorIsFailure === true && CALLER_PREFIX.test(text)) {
    return new McpCallError({ server, tool, kind: 'caller', message: `${server} ${tool}: ${stripPrefix(text)}`, result, safety, sent: true });
  }
  if (toolErrorIsFailure !== true && !toolErrorIsFailure(result)) return undefined;
  return new McpCallError({ server, tool, kind: 'tool', message: `${server} ${tool}: ${describe('failure', result)}`, result, safety, sent: true });
}

function describe(kind: string, result: CallToolResult): string {
  const text = stripPrefix(resultText(result)).slice(0, 200);
  return text === '' ? `tool reported ${kind}` : text;
}
