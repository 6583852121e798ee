// The low-level Server on purpose (a RelayServer: no capability assertions): the gateway passes each server's schemas and errors through unchanged.
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
  SetLevelRequestSchema,
  type CallToolRequest,
  type CallToolResult,
  type ServerNotification,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { ServerNotificationMessage } from '@res/mcp';
import { answerFor, RpcError, rpcErrorFor } from '../answers.js';
import type { Logger } from '../log.js';
import { HostLink } from '../relay/host-link.js';
import { RelayServer } from '../relay/relay-server.js';
import { FastToolCalls } from '../relay/fast-calls.js';
import { StdioHostTransport } from '../relay/stdio-host.js';
import { toolCallParams, type CallExtra } from '../relay/tools.js';
import { installForwarding, soleMember } from './forward.js';
import type { HostRouter } from './host-router.js';
import { gatherLists, isAvailable, qualifyAll } from './aggregate.js';
import type { Member } from './member.js';
import type { Namespace, Route } from './names.js';
import type { Registry } from './registry.js';

/** Options of {@link createGatewayServer}. */
export interface GatewayServerOptions {
  registry: Registry;
  names: Namespace;
  logger: Logger;
  /** Add `res_health` (every server's health). [true] */
  healthTool?: boolean;
  version?: string;
  /** Where the servers' own requests go: give the registry the same router. */
  router?: HostRouter;
}

/** `res_health` in gateway mode: every server's supervisor state, restarts and `health()`. */
export const gatewayHealthTool: Tool = {
  name: 'res_health',
  description: "Health of every server behind this res gateway: supervisor state, restarts, breaker state, calls, failures, retries, rejections, last error, p50/p99 latency. No arguments.",
  inputSchema: { type: 'object', properties: {} },
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
};

/**
 * What a host hears of a server's notification: log messages with the server as their `logger`
 * (qualified like its tools), resource updates and prompt/resource list changes as they are;
 * progress and cancellation belong to a call and travel with it.
 */
function relayedNotification(server: string, notification: ServerNotificationMessage, names: Namespace): ServerNotification | undefined {
  const params = notification.params ?? {};
  switch (notification.method) {
    case 'notifications/message': {
      const logger = typeof params.logger === 'string' ? names.qualify(server, params.logger) : server;
      return { method: 'notifications/message', params: { ...params, logger } } as ServerNotification;
    }
    case 'notifications/resources/updated':
    case 'notifications/resources/list_changed':
    case 'notifications/prompts/list_changed':
      return { method: notification.method, params } as ServerNotification;
    default:
      return undefined;
  }
}

function unavailable(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

/** The readable answer of a server that cannot take calls now, or `undefined` when it can. */
function refusal(member: Member): CallToolResult | undefined {
  if (member.client === undefined) return unavailable(`${member.name} is unavailable (misconfigured): ${member.problems.join('; ')}`);
  if (isAvailable(member)) return undefined;
  const status = member.supervisor?.status();
  const why = status?.state === 'crash-loop' ? 'crash loop: it keeps exiting' : 'restarting after an exit';
  const next = status?.nextRestartAt === undefined ? 'try again shortly' : `next try in ${Math.max(1, Math.ceil((status.nextRestartAt - Date.now()) / 1000))} s`;
  return unavailable(`${member.name} is unavailable (${why}): ${next}`);
}

/**
 * One MCP server in front of every server of a gateway: tools, prompts and resources of all of
 * them, named `<server>__<name>` (or as the {@link Namespace} says), each call routed to its
 * server through that server's `ResilientClient`; one `res_health` for all; the host is told
 * `tools/list_changed` when a server's tools change (it came up, restarted, was added or removed).
 *
 * @example const server = createGatewayServer({ registry, names: new Namespace(), logger }); await server.connect(new StdioServerTransport());
 */
// eslint-disable-next-line @typescript-eslint/no-deprecated
export function createGatewayServer(options: GatewayServerOptions): Server {
  const { registry, names, logger } = options;
    const server = new RelayServer(
    { name: 'res-gateway', version: options.version ?? '0.1.0' },
    { capabilities: { tools: { listChanged: true }, resources: { listChanged: true, subscribe: true }, prompts: { listChanged: true }, logging: {}, completions: {} }, instructions: `res gateway: ${names.prefix ? `every tool is named <server>${names.separator}<tool>; ` : ''}res_health shows every server.` },
  );
  const link = new HostLink();
  link.bind(server);
  const leave = options.router?.add(link);
  server.oninitialized = () => {
    link.hostCapabilities = server.getClientCapabilities() ?? {};
  };
  const reported = new Set<string>();
  let tools = new Map<string, Route>();
  let prompts = new Map<string, Route>();
  let resources = new Map<string, string>();

  const route = (routes: Map<string, Route>, name: string): { member: Member; route: Route } | undefined => {
    const sole = soleMember(registry, names);
    const found = routes.get(name) ?? names.split(name, registry.members().map((member) => member.name)) ?? (sole === undefined ? undefined : { server: sole.name, name });
    const member = found === undefined ? undefined : registry.get(found.server);
    return found === undefined || member === undefined ? undefined : { member, route: found };
  };

  server.setRequestHandler(ListToolsRequestSchema, async () => {
    const listed = qualifyAll(await gatherLists(registry, 'tools', logger), names, 'tool', logger, reported);
    tools = listed.routes;
    return { tools: [...listed.items, ...(options.healthTool === false ? [] : [gatewayHealthTool])] };
  });

  // Off the SDK's dispatch (the fallback handler and FastToolCalls below): the SDK would parse each call and its result with zod.
  const callTool = async (params: CallToolRequest['params'], extra: CallExtra): Promise<CallToolResult> => {
    const { name } = params;
    if (name === gatewayHealthTool.name && options.healthTool !== false) {
      return { content: [{ type: 'text', text: JSON.stringify({ servers: registry.health() }, null, 2) }] };
    }
    const target = route(tools, name);
    if (target === undefined) throw new RpcError(ErrorCode.InvalidParams, `Unknown tool: ${name}`);
    const refused = refusal(target.member);
    if (refused !== undefined || target.member.client === undefined) return refused ?? unavailable(`${target.member.name} is unavailable`);
    const progressToken = params._meta?.progressToken;
    const untrack = options.router?.begin(link, target.member.name, extra.requestId) ?? link.track(extra.requestId);
    let relayed: Promise<void> = Promise.resolve();
    try {
      const result = await target.member.client.callTool(target.route.name, params.arguments ?? {}, {
        signal: extra.signal,
        ...(progressToken === undefined
          ? {}
          : {
              onprogress: (progress) => {
                relayed = relayed.then(() => extra.sendNotification?.({ method: 'notifications/progress', params: { ...progress, progressToken } })).catch(() => undefined);
              },
            }),
      });
      await relayed;
      if (progressToken !== undefined) await new Promise((resolve) => setImmediate(resolve));
      return result;
    } catch (error: unknown) {
      if (extra.signal.aborted) throw error;
      return answerFor(target.member.name, error);
    } finally {
      untrack();
    }
  };

  server.setRequestHandler(ListPromptsRequestSchema, async () => {
    const listed = qualifyAll(await gatherLists(registry, 'prompts', logger), names, 'prompt', logger, reported);
    prompts = listed.routes;
    return { prompts: listed.items };
  });
  server.setRequestHandler(GetPromptRequestSchema, async (request, extra) => {
    const target = route(prompts, request.params.name);
    if (target?.member.client === undefined) throw new RpcError(ErrorCode.InvalidParams, `Unknown prompt: ${request.params.name}`);
    return target.member.client.getPrompt(target.route.name, request.params.arguments, { signal: extra.signal }).catch((error: unknown) => {
      throw rpcErrorFor(error);
    });
  });

  server.setRequestHandler(ListResourcesRequestSchema, async () => {
    const lists = await gatherLists(registry, 'resources', logger);
    resources = new Map(lists.flatMap(([member, items]) => items.map((item) => [item.uri, member.name] as const)).reverse());
    return { resources: qualifyAll(lists, names, 'resource', logger, reported).items };
  });
  const ownerOf = installForwarding(server, {
    registry,
    names,
    logger,
    link,
    router: options.router,
    prompt: (name) => route(prompts, name),
    listedOwner: (uri) => {
      const owner = resources.get(uri);
      return owner === undefined ? undefined : registry.get(owner);
    },
  });
  // On a stdio host, a plain call (no task, no progress) skips the SDK's dispatch altogether, as in res-proxy.
  const fast = new FastToolCalls(callTool, (name) => name === gatewayHealthTool.name && options.healthTool !== false);
  server.afterConnect = (transport) => {
    if (transport instanceof StdioHostTransport) fast.install(transport);
  };
  const forwardOther = server.fallbackRequestHandler;
  server.fallbackRequestHandler = (request, extra) => {
    if (request.method === 'tools/call') return callTool(toolCallParams(request.params), extra);
    if (forwardOther === undefined) throw new RpcError(ErrorCode.MethodNotFound, `Method not found: ${request.method}`);
    return forwardOther(request, extra);
  };
  server.setRequestHandler(ReadResourceRequestSchema, async (request, extra) => {
    const member = ownerOf(request.params.uri);
    if (member?.client === undefined) throw new RpcError(ErrorCode.InvalidParams, `Unknown resource: ${request.params.uri} (list resources first)`);
    return member.client.readResource(request.params.uri, { signal: extra.signal }).catch((error: unknown) => {
      throw rpcErrorFor(error);
    });
  });

  // The level goes to every server that can take it now; each client sets it again on its next session.
  server.setRequestHandler(SetLevelRequestSchema, async (request) => {
    await Promise.allSettled(registry.members().filter(isAvailable).map((member) => member.client?.setLoggingLevel(request.params.level) ?? Promise.resolve()));
    return {};
  });

  const stopTools = registry.on('tools-changed', () => {
    if (server.transport === undefined) return;
    server.sendToolListChanged().catch(() => undefined);
  });
  const stopNotifications = registry.on('notification', ({ server: from, notification }) => {
    if (server.transport === undefined) return;
    const relayed = relayedNotification(from, notification, names);
    if (relayed !== undefined) server.notification(relayed).catch(() => undefined);
  });
  const previous = server.onclose;
  server.onclose = () => {
    stopTools();
    stopNotifications();
    leave?.();
    previous?.();
  };
  return server;
}
