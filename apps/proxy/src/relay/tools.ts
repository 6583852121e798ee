import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolRequest, CallToolResult, ListToolsResult, Result, ServerNotification, ServerRequest, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { CallOptions, ResilientClient } from '@res/mcp';
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { answerFor, RpcError, rpcErrorFor } from '../answers.js';
import type { Logger } from '../log.js';
import { adminTool, healthTool, runAdmin } from '../own-tools.js';
import type { HostLink } from './host-link.js';
import { progressRelay } from './progress.js';
import type { RelayServer } from './relay-server.js';

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;
/** What a tool call uses of its request: the SDK's handler extra, or the fast path's (`FastToolCalls`). */
export type CallExtra = Pick<Extra, 'signal' | 'requestId' | '_meta'> & Partial<Pick<Extra, 'sendNotification'>>;

/** Options of the tool relay (see `ProxyServerOptions`). */
export interface ToolRelayOptions {
  healthTool?: boolean;
  adminTool?: boolean;
  logger: Logger;
}

/**
 * `tools/list` and `tools/call` through res: the upstream's tools unchanged plus res's own,
 * calls through the breaker and retries, and `notifications/tools/list_changed` to the host
 * whenever the list it was served changes (the upstream came up, or came back with other tools).
 */
export class ToolRelay {
  readonly #own: Tool[] = [];
  #lastTools: Tool[] | undefined;
  /** The list last served to the host, as JSON; `undefined` until the host lists. */
  #served: string | undefined;

  constructor(
    readonly upstream: ResilientClient,
    readonly server: RelayServer,
    readonly link: HostLink,
    readonly options: ToolRelayOptions,
  ) {
    if (options.healthTool !== false) this.#own.push(healthTool);
    if (options.adminTool === true) this.#own.push(adminTool);
  }

  /** Whether `name` is one of res's own tools (answered by the proxy, never sent upstream). */
  isOwnTool(name: string): boolean {
    return this.#own.some((tool) => tool.name === name);
  }

  /** `tools/list`: every upstream page merged (a host cursor is passed through as is), plus res's tools. */
  async list(cursor: string | undefined, extra: Extra): Promise<ListToolsResult | Result> {
    if (cursor !== undefined) return this.upstream.request('tools/list', { cursor }, { signal: extra.signal }).catch((error: unknown) => { throw rpcErrorFor(error); });
    let own = this.#own;
    try {
      this.#lastTools = (await this.upstream.listTools({ signal: extra.signal })).tools;
    } catch (error: unknown) {
      // Serve the last list seen: the host keeps its tools while the upstream is away.
      this.options.logger.error(`${this.upstream.name}: tools/list failed, serving the ${this.#lastTools === undefined ? 'proxy tools only' : 'last list seen'}: ${messageOf(error)}`);
      if (this.#lastTools === undefined) own = this.#own.map((tool) => (tool === healthTool ? notUpHealthTool(this.upstream, error) : tool));
    }
    const tools = [...(this.#lastTools ?? []), ...own];
    this.#served = JSON.stringify(tools);
    return { tools };
  }

  /** `tools/call`: res's own tools here, task-augmented calls passed through, the rest through `callTool`. */
  async call(params: CallToolRequest['params'], extra: CallExtra): Promise<CallToolResult | Result> {
    const { name } = params;
    if (name === healthTool.name && this.options.healthTool !== false) {
      return { content: [{ type: 'text', text: JSON.stringify(this.upstream.health(), null, 2) }] };
    }
    if (name === adminTool.name && this.options.adminTool === true) return runAdmin(this.upstream, params.arguments, this.options.logger);
    const progress = progressRelay(extra);
    const untrack = this.link.track(extra.requestId);
    try {
      if (params.task !== undefined) {
        // A task: the upstream answers at once with the task; tasks/get and tasks/result follow as plain requests.
        return await this.upstream.request('tools/call', params as Record<string, unknown>, { signal: extra.signal }).catch((error: unknown) => { throw rpcErrorFor(error); });
      }
      const options: CallOptions = { signal: extra.signal };
      const meta = metaWithoutToken(params._meta);
      if (meta !== undefined) options.meta = meta;
      if (progress.onprogress === undefined) return await this.upstream.callTool(name, params.arguments ?? {}, options);
      options.onprogress = progress.onprogress;
      const result = await this.upstream.callTool(name, params.arguments ?? {}, options);
      await progress.flush();
      return result;
    } catch (error: unknown) {
      if (extra.signal.aborted) throw error; // cancelled: the host expects no answer
      return answerFor(this.upstream.name, error);
    } finally {
      untrack();
    }
  }

  /**
   * The fast path's `tools/call` (`FastToolCalls`): an upstream tool, no task, no progress
   * asked. What {@link call} does for such a call, without its `async` frame.
   */
  callUpstream(params: CallToolRequest['params'], extra: Pick<CallExtra, 'signal' | 'requestId'>): Promise<CallToolResult | Result> {
    const untrack = this.link.track(extra.requestId);
    const options: CallOptions = { signal: extra.signal };
    const meta = metaWithoutToken(params._meta);
    if (meta !== undefined) options.meta = meta;
    return this.upstream.callTool(params.name, params.arguments ?? {}, options).then(
      (result) => {
        untrack();
        return result;
      },
      (error: unknown) => {
        untrack();
        if (extra.signal.aborted) throw error; // cancelled: the host expects no answer
        return answerFor(this.upstream.name, error);
      },
    );
  }

  /** After the upstream (re)connects: tells the host if the tools it was served changed. */
  async refresh(): Promise<void> {
    if (this.#served === undefined || this.server.transport === undefined) return;
    try {
      this.#lastTools = (await this.upstream.listTools()).tools;
    } catch {
      return; // the next tools/list will tell
    }
    if (JSON.stringify([...this.#lastTools, ...this.#own]) === this.#served) return;
    this.#served = undefined; // once per change: the host lists again
    await this.server.sendToolListChanged();
  }
}

/** Longest failure quoted in `res_health`'s description. */
const MAX_REASON = 1_000;

/**
 * `res_health` while the upstream has never listed its tools: its description says so and why
 * (the last failure: a missing command, an exit code and stderr), so a host (and the person
 * reading its tool list) does not take the proxy for a working server with one tool.
 */
function notUpHealthTool(upstream: ResilientClient, error: unknown): Tool {
  // With the breaker open the listing fails fast; the call that opened it says why.
  const reason = (upstream.health().lastError?.message ?? messageOf(error)).slice(0, MAX_REASON);
  return { ...healthTool, description: `UPSTREAM NOT AVAILABLE: ${upstream.name} has not come up, so none of its tools is listed (the list is sent again once it is up). Last failure: ${reason}. ${healthTool.description ?? ''}` };
}

/** The host's `_meta` for the upstream, without its progress token (the proxy's own is sent); `undefined` when nothing is left. */
function metaWithoutToken(meta: CallToolRequest['params']['_meta']): Record<string, unknown> | undefined {
  if (meta === undefined) return undefined;
  const { progressToken: _token, ...rest } = meta;
  return Object.keys(rest).length === 0 ? undefined : rest;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A host's `tools/call` params, checked by hand where the SDK would run its zod schema (the
 * proxy and the gateway take `tools/call` off the SDK's dispatch): `name` a string, `arguments`
 * an object; else an `InvalidParams` error, as the SDK answers. (`_meta` needs no check here:
 * the SDK's `Protocol` takes a message whose `_meta` is malformed for no request at all.)
 *
 * @example toolCallParams({ name: 'echo', arguments: { message: 'hi' } });
 */
export function toolCallParams(params: Record<string, unknown> | undefined): CallToolRequest['params'] {
  if (typeof params?.name !== 'string') throw new RpcError(ErrorCode.InvalidParams, 'tools/call: params.name must be a string');
  const args = params.arguments;
  if (args !== undefined && (typeof args !== 'object' || args === null || Array.isArray(args))) {
    throw new RpcError(ErrorCode.InvalidParams, 'tools/call: params.arguments must be an object');
  }
  return params as CallToolRequest['params'];
}
