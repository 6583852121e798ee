import { getEventListeners } from 'node:events';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, type CallToolRequest, type JSONRPCMessage, type RequestId, type Result } from '@modelcontextprotocol/sdk/types.js';
import { isRecord } from '@res/mcp';
import type { CallExtra } from './tools.js';

/** Runs one fast-path call: an upstream tool, no task, no progress asked (`ToolRelay.callUpstream`, the gateway's call). */
export type FastCall = (params: CallToolRequest['params'], extra: Pick<CallExtra, 'signal' | 'requestId'>) => Promise<Result>;

/** Most controllers kept for reuse (as many as calls ever ran at once, up to this). */
const MAX_SPARE = 64;

/**
 * The hot path of a stdio host: a `tools/call` of an upstream tool is answered here, straight
 * from the transport, instead of through the SDK server's dispatch (three zod passes over each
 * message, a promise chain and a dozen closures per request). It still runs through
 * the same call as the SDK's path (`ToolRelay.callUpstream` for res-proxy, the gateway's routed call) — the breaker, retries, timeouts and in-band classification are the same —
 * and a `notifications/cancelled` for it aborts it, with no answer, as the SDK does. Anything
 * else (res's own tools, tasks, calls that ask for progress, every other message) goes to the SDK.
 */
export class FastToolCalls {
  readonly #inFlight = new Map<RequestId, AbortController>();
  /**
   * Controllers of finished calls, never aborted and with no listener left: reused, because
   * making an `AbortSignal` costs Node 20 a few microseconds (an `EventTarget` whose prototype
   * is swapped) and one is needed per call only for a cancellation that hardly ever comes.
   */
  readonly #spare: AbortController[] = [];

  constructor(
    readonly call: FastCall,
    readonly isOwnTool: (name: string) => boolean,
  ) {}

  /** Puts the fast path in front of the SDK's handler of `transport` (after `server.connect`). */
  install(transport: Transport): void {
    const deliver = transport.onmessage;
    if (deliver === undefined) return;
    transport.onmessage = (message, extra) => {
      if (!this.#take(message, transport)) deliver(message, extra);
    };
    const closed = transport.onclose;
    transport.onclose = () => {
      // As the SDK does for the requests it runs: the calls in flight are aborted and get no answer.
      for (const controller of this.#inFlight.values()) controller.abort(new Error('the host connection closed'));
      this.#inFlight.clear();
      closed?.();
    };
  }

  #take(message: JSONRPCMessage, transport: Transport): boolean {
    if (!('method' in message)) return false;
    if (message.method === 'notifications/cancelled') {
      const id = message.params?.requestId;
      const controller = typeof id === 'string' || typeof id === 'number' ? this.#inFlight.get(id) : undefined;
      if (controller === undefined) return false;
      this.#inFlight.delete(id as RequestId);
      controller.abort(message.params?.reason);
      return true;
    }
    if (message.method !== 'tools/call' || !('id' in message)) return false;
    const { params } = message;
    if (!isRecord(params) || typeof params.name !== 'string' || this.isOwnTool(params.name) || params.task !== undefined) return false;
    const meta = params._meta;
    if (meta !== undefined && (!isRecord(meta) || meta.progressToken !== undefined)) return false;
    const args = params.arguments;
    if (args !== undefined && !isRecord(args)) return false; // the SDK path answers InvalidParams
    if (this.#inFlight.has(message.id)) return false;
    void this.#run(message.id, params as CallToolRequest['params'], transport);
    return true;
  }

  async #run(id: RequestId, params: CallToolRequest['params'], transport: Transport): Promise<void> {
    const controller = this.#spare.pop() ?? new AbortController();
    const { signal } = controller;
    this.#inFlight.set(id, controller);
    let response: JSONRPCMessage;
    try {
      const result = await this.call(params, { signal, requestId: id });
      response = { jsonrpc: '2.0', id, result };
    } catch (error: unknown) {
      const { code, message, data } = (isRecord(error) ? error : {}) as { code?: unknown; message?: unknown; data?: unknown };
      response = {
        jsonrpc: '2.0',
        id,
        error: {
          code: Number.isSafeInteger(code) ? (code as number) : ErrorCode.InternalError,
          message: typeof message === 'string' ? message : 'Internal error',
          ...(data === undefined ? {} : { data }),
        },
      };
    }
    if (signal.aborted) return; // cancelled: the host expects no answer
    this.#inFlight.delete(id);
    // Reused only when nothing still listens (whatever holds it now holds a signal that was never aborted).
    if (this.#spare.length < MAX_SPARE && getEventListeners(signal, 'abort').length === 0) this.#spare.push(controller);
    await transport.send(response).catch(() => undefined);
  }
}
