/**
 * The MCP server every mode runs: tools from specs, faults from the live plan, one
 * resource and one prompt (so a proxy has something to forward).
 *
 * Why tools are served on the low-level `server` and not with `McpServer.registerTool`:
 * McpServer (1) lists each tool's `inputSchema` re-derived from a zod schema, so it cannot
 * list a given JSON Schema verbatim — a proxy test must see schemas and annotations exactly
 * as declared — and (2) catches every error a handler throws and turns it into an `isError`
 * result, so an `rpc-error` fault could never become a JSON-RPC error response. Getting past
 * both would mean reaching into McpServer's private handler map. Instead `tools/list` and
 * `tools/call` are plain `server.setRequestHandler` handlers (public API) that reproduce
 * McpServer's conversion exactly — a thrown error becomes `{ content: [{ type: 'text', text:
 * error.message }], isError: true }`, an unknown tool `MCP error -32602: Tool x not found` —
 * and let {@link InjectedRpcError} through as a real JSON-RPC error. `test/server.test.ts`
 * compares both conversions with a real `registerTool` server, so an SDK change shows up.
 * Resources and prompts use McpServer's own `registerResource`/`registerPrompt`.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { type CallRuntime, InjectedRpcError, runToolCall } from './call.js';
import { toolErrorResult } from './results.js';
import { listedTool, type ToolSpec } from './tools.js';

/**
 * The version a fault server reports on `initialize`.
 *
 * @example client.getServerVersion()?.version === TESTKIT_VERSION;
 */
export const TESTKIT_VERSION = '0.1.0';

/**
 * The URI of the one resource every fault server serves (JSON: name, tools, calls so far).
 *
 * @example await client.readResource({ uri: STATUS_RESOURCE_URI });
 */
export const STATUS_RESOURCE_URI = 'testkit://status';

/**
 * What {@link createFaultServer} needs: a name, the tools, and the shared runtime state.
 *
 * @example const options: FaultServerOptions = { name: 'fake', tools: defaultTools, runtime };
 */
export interface FaultServerOptions {
  readonly name: string;
  readonly tools: readonly ToolSpec[];
  readonly runtime: CallRuntime;
}

/**
 * A fresh, unconnected server instance; connect it to one transport.
 *
 * @example await createFaultServer({ name: 'fake', tools: defaultTools, runtime }).connect(transport);
 */
export function createFaultServer({ name, tools, runtime }: FaultServerOptions): McpServer {
  const server = new McpServer({ name, version: TESTKIT_VERSION });
  const byName = new Map(tools.map((spec) => [spec.name, spec]));
  const listed = tools.map(listedTool);

  // Capabilities must be declared before the handlers that need them.
  server.server.registerCapabilities({ tools: {} });
  server.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: listed }));
  server.server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const spec = byName.get(request.params.name);
    if (spec === undefined) {
      return toolErrorResult(new McpError(ErrorCode.InvalidParams, `Tool ${request.params.name} not found`).message);
    }
    try {
      return await runToolCall(runtime, spec, request.params.arguments ?? {}, extra);
    } catch (error: unknown) {
      // After an abort nothing is sent anyway; an injected rpc-error goes out as JSON-RPC.
      if (error instanceof InjectedRpcError || extra.signal.aborted) throw error;
      return toolErrorResult(error instanceof Error ? error.message : String(error));
    }
  });

  server.registerResource(
    'status',
    STATUS_RESOURCE_URI,
    { title: 'Server status', description: 'Name, tools and calls so far.', mimeType: 'application/json' },
    (uri) => ({
      contents: [
        {
          uri: uri.href,
          mimeType: 'application/json',
          text: JSON.stringify({ server: name, tools: tools.map((spec) => spec.name), calls: runtime.ledger.calls() }),
        },
      ],
    }),
  );
  server.registerPrompt(
    'summarize',
    { description: 'Asks for a summary of a topic.', argsSchema: { topic: z.string().optional() } },
    ({ topic }) => ({
      messages: [{ role: 'user', content: { type: 'text', text: `Summarize ${topic ?? 'the server status'}.` } }],
    }),
  );
  return server;
}
