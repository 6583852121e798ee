import { BrokenCircuitError, BulkheadRejectedError, IsolatedCircuitError, RateLimitError } from '@res/core';
import { isMcpFailure, stripPrefix } from '@res/mcp';
import { ErrorCode, McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/**
 * A JSON-RPC error to answer with. Its message is the bare text: the SDK's server
 * sends `message` as is and the host's SDK adds `MCP error <code>: ` once (an
 * `McpError` here would double the prefix).
 *
 * @example throw new RpcError(ErrorCode.InvalidParams, 'Unknown tool: nope');
 */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

function text(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/**
 * What the host sees when a call fails (DESIGN §6): an upstream that is down or
 * whose breaker is open answers at once with an `isError` result saying so and
 * when it will be tried again; the upstream's own results pass through; caller
 * errors become JSON-RPC errors with the upstream's code (thrown).
 *
 * @example const result = await upstream.callTool(name, args).catch((error: unknown) => answerFor(upstream.name, error));
 */
export function answerFor(server: string, error: unknown): CallToolResult {
  if (error instanceof IsolatedCircuitError) {
    return text(`${server} is unavailable: its circuit was isolated by an operator (res_admin reset, or restart the proxy)`);
  }
  if (error instanceof BrokenCircuitError) {
    const next = error.retryAfter === 0 ? 'a trial call is in progress; try again shortly' : `next try in ${seconds(error.retryAfter)} s`;
    return text(`${server} is unavailable (circuit open): ${next}`);
  }
  if (error instanceof BulkheadRejectedError) return text(`${server} is busy: ${error.limit} calls in flight and ${error.queue} waiting; try again shortly`);
  if (error instanceof RateLimitError) return text(`${server} is rate limited by res: try again in ${seconds(error.retryAfter)} s`);
  if (isMcpFailure(error)) {
    if (error.kind === 'caller' && error.result === undefined) {
      throw upstreamError(error);
    }
    if (error.result !== undefined) return error.result;
    if (error.kind === 'timeout') return text(`${server} did not answer in time: ${error.message}`);
    return text(`${server} is unavailable: ${error.message}`);
  }
  throw error;
}

/**
 * Errors of requests other than tools/call: caller errors keep their code, everything else is InternalError.
 *
 * @example const resources = await upstream.listResources().catch((error: unknown) => { throw rpcErrorFor(error); });
 */
export function rpcErrorFor(error: unknown): RpcError {
  if (error instanceof McpError) return new RpcError(error.code, stripPrefix(error.message));
  if (isMcpFailure(error) && error.kind === 'caller') return upstreamError(error);
  const message = error instanceof Error ? error.message : String(error);
  return new RpcError(ErrorCode.InternalError, stripPrefix(message));
}

/** The upstream's own message when it sent one (our messages start `<server> <tool>: `). */
function upstreamError(error: Error & { code: number | undefined }): RpcError {
  const cause = error.cause;
  if (cause instanceof McpError) return new RpcError(cause.code, stripPrefix(cause.message));
  return new RpcError(error.code ?? ErrorCode.InvalidParams, stripPrefix(error.message));
}
