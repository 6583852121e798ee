import type { ResilientClient } from '@res/mcp';
 
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { ErrorCode, InitializeRequestSchema, PingRequestSchema, type Result } from '@modelcontextprotocol/sdk/types.js';
import { RpcError, rpcErrorFor } from './answers.js';
import type { Logger } from './log.js';
import { HostLink } from './relay/host-link.js';
import { initializeAnswer } from './relay/initialize.js';
import { progressRelay } from './relay/progress.js';
import { FastToolCalls } from './relay/fast-calls.js';
import { RelayServer } from './relay/relay-server.js';
import { StdioHostTransport } from './relay/stdio-host.js';
import { ToolRelay, toolCallParams } from './relay/tools.js';

/** Options of {@link createProxyServer}. */
export interface ProxyServerOptions {
  /** Add the read-only `res_health` tool. [true] */
  healthTool?: boolean;
  /** Add the `res_admin` tool (reset / isolate the breaker). [false] */
  adminTool?: boolean;
  logger: Logger;
  version?: string;
  /**
   * The link the upstream's own requests and notifications come back through: give the
   * same link to `createUpstream` (its `handlers` and `capabilities`). Without it, the
   * upstream's notifications are still relayed but its requests are not.
   */
  link?: HostLink;
}

/** Lists that an upstream without the feature answers empty rather than with an error. */
const EMPTY_LISTS: Readonly<Record<string, Result>> = {
  'resources/list': { resources: [] },
  'resources/templates/list': { resourceTemplates: [] },
  'prompts/list': { prompts: [] },
};

/** Host notifications the SDK handles itself (the rest go to the upstream). */
const LOCAL_NOTIFICATIONS = new Set(['notifications/initialized', 'notifications/cancelled', 'notifications/progress']);

/**
 * An MCP server that forwards the whole protocol to the upstream through its
 * `ResilientClient`: `initialize` mirrors the upstream (connected on the spot), tool calls and
 * every other request go through the breaker and retries, unknown methods pass through, and the
 * upstream's notifications and requests come back to the host.
 *
 * @example const link = new HostLink(); const server = createProxyServer(createUpstream(config, link), { logger, link }); await server.connect(new StdioServerTransport());
 */
// eslint-disable-next-line @typescript-eslint/no-deprecated
export function createProxyServer(upstream: ResilientClient, options: ProxyServerOptions): Server {
  const version = options.version ?? '0.1.0';
  const server = new RelayServer({ name: 'res-proxy', version }, { capabilities: {} });
  const link = options.link ?? new HostLink();
  let stopWaiting: (() => void) | undefined;
  link.bind(server);
  const tools = new ToolRelay(upstream, server, link, options);
  const fast = new FastToolCalls((params, extra) => tools.callUpstream(params, extra), (name) => tools.isOwnTool(name));
  server.afterConnect = (transport) => {
    if (transport instanceof StdioHostTransport) fast.install(transport);
  };

  server.setRequestHandler(InitializeRequestSchema, async (request) => {
    link.hostCapabilities = request.params.capabilities;
    let description;
    try {
      description = await upstream.connect();
    } catch (error: unknown) {
      options.logger.error(`${upstream.name}: not reachable at initialize, declaring the broad capability set: ${error instanceof Error ? error.message : String(error)}`);
      // Keep trying in the background: once it is up, the host hears tools/list_changed (ToolRelay.refresh).
      stopWaiting = awaitUpstream(upstream);
    }
    return initializeAnswer(request, description, { name: upstream.name, version });
  });
  server.removeRequestHandler(PingRequestSchema.shape.method.value);
  // tools/* are dispatched here too, not through setRequestHandler: the SDK would parse the request
  // and the result with zod on the hot path, and the upstream's result passes through as sent anyway.
  server.fallbackRequestHandler = async (request, extra) => {
    if (request.method === 'tools/call') return tools.call(toolCallParams(request.params), extra);
    if (request.method === 'tools/list') return tools.list(cursorOf(request.params), extra);
    const progress = progressRelay(extra);
    const untrack = link.track(extra.requestId);
    try {
      const result = await upstream.request(request.method, request.params, {
        signal: extra.signal,
        ...(progress.onprogress === undefined ? {} : { onprogress: progress.onprogress }),
      });
      await progress.flush();
      return result;
    } catch (error: unknown) {
      const rpc = rpcErrorFor(error);
      const empty = EMPTY_LISTS[request.method];
      if (empty !== undefined && rpc.code === (ErrorCode.MethodNotFound as number)) return empty;
      throw rpc;
    } finally {
      untrack();
    }
  };
  server.fallbackNotificationHandler = async (notification) => {
    if (!LOCAL_NOTIFICATIONS.has(notification.method)) await upstream.notify(notification.method, notification.params);
  };

  const stopNotifications = upstream.on('notification', (notification) => {
    link.notify(notification).catch((error: unknown) => {
      options.logger.error(`${upstream.name}: could not relay ${notification.method} to the host: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  const stopEvents = upstream.on('event', () => void tools.refresh(), { types: ['connect', 'reconnect'] });
  const previousOnClose = server.onclose;
  server.onclose = () => {
    stopWaiting?.();
    stopNotifications();
    stopEvents();
    previousOnClose?.();
  };
  return server;
}

function cursorOf(params: Record<string, unknown> | undefined): string | undefined {
  const cursor = params?.cursor;
  if (cursor !== undefined && typeof cursor !== 'string') throw new RpcError(ErrorCode.InvalidParams, 'tools/list: params.cursor must be a string');
  return cursor;
}

/**
 * Connects to an upstream that was not reachable at the host's `initialize`, again and again
 * (1 s, 2 s, 4 s … at most 30 s apart) until it answers; returns the stop function. Each try
 * goes through the breaker, so an open breaker is waited out, not hammered.
 */
function awaitUpstream(upstream: ResilientClient): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const attempt = (delay: number): void => {
    timer = setTimeout(() => {
      upstream.connect().then(
        () => undefined,
        () => {
          if (!stopped && !upstream.connected) attempt(Math.min(delay * 2, 30_000));
        },
      );
    }, delay);
    timer.unref();
  };
  attempt(1_000);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
