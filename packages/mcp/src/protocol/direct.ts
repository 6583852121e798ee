/**
 * `tools/call` sent on a session's transport without the SDK `Protocol`'s per-request work: no
 * zod pass over the result (a hand check of what `CallToolResultSchema` requires instead, see
 * {@link callToolResultProblem}), one unref'd timer, an abort listener that is removed when the
 * request ends. Timeouts, aborts, a closed transport and JSON-RPC errors reject with the same
 * `McpError`s the SDK's `request()` rejects with, so everything above classifies them alike.
 * Only for a call without progress, task or output schema (those keep the SDK's path), and not
 * on streamable HTTP (its resumability needs the SDK's send options).
 */
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { neverAbortedSignal } from '@res/core';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { CallSignal } from '../abortable.js';
import type { Session } from '../session.js';
import type { CallOptions } from '../types.js';
import { ErrorCode, McpError, type CallToolRequest, type CallToolResult, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/**
 * Ids of direct requests: far above the SDK's own counter (which starts at 0 and counts one per
 * request), so the two never meet on one session.
 */
const FIRST_ID = 2 ** 40;

/** A result that is not what `tools/call` must answer: classified as `protocol` ("malformed result"). */
export class MalformedResultError extends Error {
  override readonly name = 'MalformedResultError';
}

interface Pending {
  resolve(result: CallToolResult): void;
  reject(error: unknown): void;
  timer: ReturnType<typeof setTimeout>;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/** One session's direct requests: installed on its transport right after `client.connect()`. */
export class DirectCalls {
  #next = FIRST_ID;
  readonly #pending = new Map<number, Pending>();

  constructor(readonly transport: Transport) {
    const deliver = transport.onmessage;
    transport.onmessage = (message, extra) => {
      if (!this.#answer(message)) deliver?.(message, extra);
    };
    const closed = transport.onclose;
    transport.onclose = () => {
      closed?.();
      this.#failAll(McpError.fromError(ErrorCode.ConnectionClosed, 'Connection closed'));
    };
  }

  /** Sends `tools/call` with `params`; settles as the SDK's `callTool` would for a tool without output schema. */
  callTool(params: CallToolRequest['params'], timeout: number, signal: AbortSignal | undefined): Promise<CallToolResult> {
    if (signal?.aborted === true) return Promise.reject(cancelError(signal.reason));
    const id = this.#next++;
    return new Promise<CallToolResult>((resolve, reject) => {
      const pending: Pending = { resolve, reject, timer: setTimeout(() => { this.#cancel(id, McpError.fromError(ErrorCode.RequestTimeout, 'Request timed out', { timeout })); }, timeout), signal, onAbort: undefined };
      pending.timer.unref();
      if (signal !== undefined) {
        pending.onAbort = () => {
          this.#cancel(id, signal.reason);
        };
        signal.addEventListener('abort', pending.onAbort, { once: true });
      }
      this.#pending.set(id, pending);
      this.transport.send({ jsonrpc: '2.0', id, method: 'tools/call', params }).catch((error: unknown) => {
        if (this.#end(id) !== undefined) reject(error);
      });
    });
  }

  /** Takes a response to a direct request; `false` for any other message. */
  #answer(message: JSONRPCMessage): boolean {
    if (!('id' in message) || 'method' in message) return false;
    // As the SDK matches ids (`Number(id)`): a server that answers with the id as a string is understood.
    const id = typeof message.id === 'number' ? message.id : Number(message.id);
    if (!(id >= FIRST_ID)) return false;
    const pending = this.#end(id);
    if (pending === undefined) return false; // not ours (or late): the SDK reports it
    if ('result' in message) {
      const { result } = message;
      const problem = callToolResultProblem(result);
      // The schema's default for a missing `content` (a new object: the transport's message is not ours to change).
      if (problem === undefined) pending.resolve((result.content === undefined ? { ...result, content: [] } : result) as CallToolResult);
      else pending.reject(new MalformedResultError(`malformed result from the server (${problem})`));
    } else if ('error' in message) {
      pending.reject(McpError.fromError(message.error.code, message.error.message, message.error.data));
    }
    return true;
  }

  /** As the SDK cancels a request: `notifications/cancelled` to the server, then the rejection. */
  #cancel(id: number, reason: unknown): void {
    const pending = this.#end(id);
    if (pending === undefined) return;
    this.transport.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: id, reason: String(reason) } }).catch(() => undefined);
    pending.reject(cancelError(reason));
  }

  #end(id: number): Pending | undefined {
    const pending = this.#pending.get(id);
    if (pending === undefined) return undefined;
    this.#pending.delete(id);
    clearTimeout(pending.timer);
    if (pending.onAbort !== undefined) pending.signal?.removeEventListener('abort', pending.onAbort);
    return pending;
  }

  #failAll(error: McpError): void {
    for (const id of [...this.#pending.keys()]) this.#end(id)?.reject(error);
  }
}

function cancelError(reason: unknown): McpError {
  return reason instanceof McpError ? reason : new McpError(ErrorCode.RequestTimeout, String(reason));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * What is wrong with a `tools/call` result, or `undefined`: the fields `CallToolResultSchema`
 * requires (`content` an array of content blocks, each with its required fields; `isError` a
 * boolean; `structuredContent` an object); a missing `content` is allowed (the schema's
 * default is `[]`). Extra fields are kept.
 *
 * @example callToolResultProblem({ content: [{ type: 'text', text: 'ok' }] }); // undefined
 */
export function callToolResultProblem(result: Record<string, unknown>): string | undefined {
  const { content, isError, structuredContent } = result;
  if (content !== undefined) {
    if (!Array.isArray(content)) return 'content is not an array';
    for (const block of content) {
      const problem = blockProblem(block);
      if (problem !== undefined) return problem;
    }
  }
  if (isError !== undefined && typeof isError !== 'boolean') return 'isError is not a boolean';
  if (structuredContent !== undefined && !isObject(structuredContent)) return 'structuredContent is not an object';
  return undefined;
}

function blockProblem(block: unknown): string | undefined {
  if (!isObject(block)) return 'a content block is not an object';
  switch (block.type) {
    case 'text':
      return typeof block.text === 'string' ? undefined : 'a text block without text';
    case 'image':
    case 'audio':
      return typeof block.data === 'string' && typeof block.mimeType === 'string' ? undefined : `an ${block.type} block without data or mimeType`;
    case 'resource_link':
      return typeof block.uri === 'string' && typeof block.name === 'string' ? undefined : 'a resource_link block without uri or name';
    case 'resource': {
      const { resource } = block;
      if (!isObject(resource) || typeof resource.uri !== 'string') return 'a resource block without a resource uri';
      return typeof resource.text === 'string' || typeof resource.blob === 'string' ? undefined : 'a resource block without text or blob';
    }
    default:
      return 'a content block of unknown type';
  }
}

/**
 * A `tools/call` that is not a task: on the session's direct path (`protocol/direct.ts`) when
 * the session's tool list is known and shows no output schema for the tool (`listed`: that
 * list, `undefined` when listing failed) and there is no progress to follow; else the SDK's
 * `callTool` (with `sdkOptions` when the caller has them ready, their signal one of the attempt's own).
 */
export function sendToolCall(session: Session, listed: ReadonlyMap<string, Tool> | undefined, params: CallToolRequest['params'], options: CallOptions, signal: AbortSignal, timeout: number, sdkOptions?: RequestOptions): Promise<CallToolResult> {
  const { direct } = session;
  if (direct !== undefined && listed !== undefined && listed.get(params.name)?.outputSchema === undefined && options.onprogress === undefined && options.resetTimeoutOnProgress === undefined) {
    return direct.callTool(params, timeout, signal === neverAbortedSignal ? undefined : signal);
  }
  if (sdkOptions !== undefined || signal === neverAbortedSignal) return session.client.callTool(params, undefined, sdkOptions ?? requestOptionsFor(options, signal, timeout)) as Promise<CallToolResult>;
  // The SDK never removes the abort listener it adds: it gets a signal of its own, detached from the caller's afterwards.
  const own = new CallSignal(signal);
  return (session.client.callTool(params, undefined, requestOptionsFor(options, own.signal, timeout)) as Promise<CallToolResult>).finally(() => {
    own.release();
  });
}

/** The SDK request options of one attempt: its timeout, the signal (unless none can abort) and the call's progress settings. */
export function requestOptionsFor({ onprogress, resetTimeoutOnProgress }: CallOptions, signal: AbortSignal, timeout: number): RequestOptions {
  const requestOptions: RequestOptions = { timeout };
  if (signal !== neverAbortedSignal) requestOptions.signal = signal;
  if (onprogress !== undefined) requestOptions.onprogress = onprogress;
  if (resetTimeoutOnProgress !== undefined) requestOptions.resetTimeoutOnProgress = resetTimeoutOnProgress;
  return requestOptions;
}
