// The low-level Server: the suite checks JSON schemas kept verbatim ($schema, $defs), which McpServer would rebuild.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  CompleteRequestSchema,
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  SetLevelRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  type LoggingLevel,
} from '@modelcontextprotocol/sdk/types.js';
import { completeConformance, conformancePrompts, conformanceResources, conformanceTemplates, getConformancePrompt, readConformanceResource } from './content.js';
import { conformanceTools, type ToolContext } from './tools.js';

const LEVELS: readonly LoggingLevel[] = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'];

/**
 * A server that implements what the official MCP conformance suite's server scenarios call
 * (tools, resources, templates, prompts, completion, logging, subscriptions, sampling and
 * elicitation requests). One instance per session.
 *
 * @example const server = createConformanceServer(); await server.connect(new StdioServerTransport());
 */
// eslint-disable-next-line @typescript-eslint/no-deprecated
export function createConformanceServer(): Server {
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const server = new Server(
    { name: 'res-conformance-target', version: '1.0.0' },
    {
      capabilities: {
        tools: { listChanged: true },
        resources: { subscribe: true, listChanged: true },
        prompts: { listChanged: true },
        logging: {},
        completions: {},
      },
      instructions: 'The res conformance target.',
    },
  );
  let level: LoggingLevel = 'info';
  const subscriptions = new Set<string>();

  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: conformanceTools.map((entry) => entry.tool) }));
  server.setRequestHandler(CallToolRequestSchema, (request, extra) => {
    const entry = conformanceTools.find((candidate) => candidate.tool.name === request.params.name);
    if (entry === undefined) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`);
    const context: ToolContext = {
      server,
      extra,
      log: async (messageLevel, data) => {
        if (LEVELS.indexOf(messageLevel) < LEVELS.indexOf(level)) return;
        await extra.sendNotification({ method: 'notifications/message', params: { level: messageLevel, data } });
      },
    };
    return entry.run(request.params.arguments ?? {}, context);
  });
  server.setRequestHandler(ListResourcesRequestSchema, () => ({ resources: [...conformanceResources] }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({ resourceTemplates: [...conformanceTemplates] }));
  server.setRequestHandler(ReadResourceRequestSchema, (request) => readConformanceResource(request.params.uri));
  server.setRequestHandler(SubscribeRequestSchema, async (request) => {
    subscriptions.add(request.params.uri);
    // Tell the subscriber at once that the resource "changed", so a test can see the notification arrive.
    await server.sendResourceUpdated({ uri: request.params.uri });
    return {};
  });
  server.setRequestHandler(UnsubscribeRequestSchema, (request) => {
    subscriptions.delete(request.params.uri);
    return {};
  });
  server.setRequestHandler(ListPromptsRequestSchema, () => ({ prompts: [...conformancePrompts] }));
  server.setRequestHandler(GetPromptRequestSchema, (request) => getConformancePrompt(request.params.name, request.params.arguments));
  server.setRequestHandler(CompleteRequestSchema, (request) => completeConformance(request.params.argument.value));
  server.setRequestHandler(SetLevelRequestSchema, (request) => {
    level = request.params.level;
    return {};
  });
  return server;
}
