import type { ResilientClient } from '@res/mcp';
// The low-level Server on purpose: a proxy passes the upstream's JSON schemas and errors through unchanged,
// which McpServer (zod schemas, errors turned into results) cannot do.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListToolsRequestSchema,
  PingRequestSchema,
  ReadResourceRequestSchema,
  type CallToolResult,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { answerFor, rpcErrorFor } from './answers.js';
import { adminTool, healthTool, runAdmin } from './own-tools.js';
import type { Logger } from './log.js';

/** Options of {@link createProxyServer}. */
export interface ProxyServerOptions {
  /** Add the read-only `res_health` tool. [true] */
  healthTool?: boolean;
  /** Add the `res_admin` tool (reset / isolate the breaker). [false] */
  adminTool?: boolean;
  logger: Logger;
  version?: string;
}

/**
 * An MCP server that forwards tools, resources, prompts and ping to the upstream
 * through its `ResilientClient`. Capabilities are declared up front (the SDK's
 * low-level server needs them before handlers are registered).
 *
 * @example const server = createProxyServer(upstream, { logger }); await server.connect(new StdioServerTransport());
 */
// eslint-disable-next-line @typescript-eslint/no-deprecated
export function createProxyServer(upstream: ResilientClient, options: ProxyServerOptions): Server {
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const server = new Server(
    { name: 'res-proxy', version: options.version ?? '0.1.0' },
    { capabilities: { tools: { listChanged: true }, resources: {}, prompts: {} } },
  );
  const own: Tool[] = [];
  if (options.healthTool !== false) own.push(healthTool);
  if (options.adminTool === true) own.push(adminTool);
  let lastTools: Tool[] | undefined;

  server.setRequestHandler(ListToolsRequestSchema, async (_request, extra) => {
    try {
      lastTools = (await upstream.listTools({ signal: extra.signal })).tools;
    } catch (error: unknown) {
      // Serve the last list seen: the host keeps its tools while the upstream is away.
      options.logger.error(`${upstream.name}: tools/list failed, serving the ${lastTools === undefined ? 'proxy tools only' : 'last list seen'}: ${messageOf(error)}`);
    }
    return { tools: [...(lastTools ?? []), ...own] };
  });

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const { name } = request.params;
    if (name === healthTool.name && options.healthTool !== false) {
      return { content: [{ type: 'text', text: JSON.stringify(upstream.health(), null, 2) }] };
    }
    if (name === adminTool.name && options.adminTool === true) return runAdmin(upstream, request.params.arguments, options.logger);
    const progressToken = request.params._meta?.progressToken;
    // Progress is relayed in order, and all of it before the result: the host drops progress that arrives after it.
    let relayed: Promise<void> = Promise.resolve();
    try {
      const result = await upstream.callTool(name, request.params.arguments ?? {}, {
        signal: extra.signal,
        ...(progressToken === undefined
          ? {}
          : {
              onprogress: (progress) => {
                relayed = relayed
                  .then(() => extra.sendNotification({ method: 'notifications/progress', params: { ...progress, progressToken } }))
                  .catch(() => undefined);
              },
            }),
      });
      await relayed;
      // The SDK handles a notification a microtask after it reads it, but a response at once (dropping the
      // call's progress handler): progress written just before the result can be lost by the host when both
      // arrive in one read. A turn of the event loop between them keeps them in separate writes.
      if (progressToken !== undefined) await new Promise((resolve) => setImmediate(resolve));
      return result;
    } catch (error: unknown) {
      if (extra.signal.aborted) throw error; // cancelled: the host expects no answer
      return answerFor(upstream.name, error);
    }
  });

  const forward = <T>(send: () => Promise<T>, empty?: T) => async (): Promise<T> => {
    try {
      return await send();
    } catch (error: unknown) {
      const rpc = rpcErrorFor(error);
      // An upstream without resources or prompts: an empty list, not an error.
      if (empty !== undefined && rpc.code === (ErrorCode.MethodNotFound as number)) return empty;
      throw rpc;
    }
  };
  server.setRequestHandler(ListResourcesRequestSchema, (_r, extra) => forward(() => upstream.listResources({ signal: extra.signal }), { resources: [] })());
  server.setRequestHandler(ReadResourceRequestSchema, (r, extra) => forward(() => upstream.readResource(r.params.uri, { signal: extra.signal }))());
  server.setRequestHandler(ListPromptsRequestSchema, (_r, extra) => forward(() => upstream.listPrompts({ signal: extra.signal }), { prompts: [] })());
  server.setRequestHandler(GetPromptRequestSchema, (r, extra) =>
    forward(() => upstream.getPrompt(r.params.name, r.params.arguments, { signal: extra.signal }))(),
  );
  server.setRequestHandler(PingRequestSchema, (_r, extra) => forward(async () => {
    await upstream.ping({ signal: extra.signal });
    return {};
  })());
  return server;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
