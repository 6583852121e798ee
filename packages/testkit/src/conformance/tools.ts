// The low-level Server, see server.ts.
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolResult, ServerNotification, ServerRequest, Tool } from '@modelcontextprotocol/sdk/types.js';
import { PNG_BASE64, WAV_BASE64 } from './media.js';

/** What a conformance tool runs with. */
export interface ToolContext {
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  readonly server: Server;
  readonly extra: RequestHandlerExtra<ServerRequest, ServerNotification>;
  /** Sends a log notification if the session's level lets it through. */
  log(level: 'debug' | 'info' | 'warning' | 'error', text: string): Promise<void>;
}

type Handler = (args: Record<string, unknown>, context: ToolContext) => Promise<CallToolResult>;

interface ConformanceTool {
  readonly tool: Tool;
  readonly run: Handler;
}

const noArguments = { type: 'object' as const, properties: {} };
const text = (value: string): CallToolResult => ({ content: [{ type: 'text', text: value }] });
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function define(name: string, description: string, run: Handler, inputSchema: Tool['inputSchema'] = noArguments): ConformanceTool {
  return { tool: { name, description, inputSchema }, run };
}

function stringArgument(name: string, description: string): Tool['inputSchema'] {
  return { type: 'object', properties: { [name]: { type: 'string', description } }, required: [name] };
}

const elicitDefaults = {
  type: 'object' as const,
  properties: {
    name: { type: 'string' as const, default: 'John Doe' },
    age: { type: 'integer' as const, default: 30 },
    score: { type: 'number' as const, default: 95.5 },
    status: { type: 'string' as const, enum: ['active', 'inactive', 'pending'], default: 'active' },
    verified: { type: 'boolean' as const, default: true },
  },
};

const elicitEnums = {
  type: 'object' as const,
  properties: {
    untitledSingle: { type: 'string', enum: ['option1', 'option2', 'option3'] },
    titledSingle: {
      type: 'string',
      oneOf: [
        { const: 'value1', title: 'First Option' },
        { const: 'value2', title: 'Second Option' },
        { const: 'value3', title: 'Third Option' },
      ],
    },
    legacyEnum: { type: 'string', enum: ['opt1', 'opt2', 'opt3'], enumNames: ['Option One', 'Option Two', 'Option Three'] },
    untitledMulti: { type: 'array', items: { type: 'string', enum: ['option1', 'option2', 'option3'] } },
    titledMulti: {
      type: 'array',
      items: {
        anyOf: [
          { const: 'value1', title: 'First Choice' },
          { const: 'value2', title: 'Second Choice' },
          { const: 'value3', title: 'Third Choice' },
        ],
      },
    },
  },
};

async function elicit(context: ToolContext, message: string, requestedSchema: object): Promise<CallToolResult> {
  const answer = await context.server.elicitInput(
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    { mode: 'form', message, requestedSchema } as Parameters<Server['elicitInput']>[0],
    { relatedRequestId: context.extra.requestId },
  );
  return text(`Elicitation completed: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`);
}

/** The tools the conformance suite's server scenarios call (read from its scenario descriptions). */
export const conformanceTools: readonly ConformanceTool[] = [
  define('test_simple_text', 'Returns a simple text', () => Promise.resolve(text('This is a simple text response for testing.'))),
  define('test_image_content', 'Returns an image', () => Promise.resolve({ content: [{ type: 'image', data: PNG_BASE64, mimeType: 'image/png' }] })),
  define('test_audio_content', 'Returns audio', () => Promise.resolve({ content: [{ type: 'audio', data: WAV_BASE64, mimeType: 'audio/wav' }] })),
  define('test_embedded_resource', 'Returns an embedded resource', () =>
    Promise.resolve({ content: [{ type: 'resource', resource: { uri: 'test://embedded-resource', mimeType: 'text/plain', text: 'This is an embedded resource content.' } }] }),
  ),
  define('test_multiple_content_types', 'Returns text, an image and a resource', () =>
    Promise.resolve({
      content: [
        { type: 'text', text: 'Multiple content types test:' },
        { type: 'image', data: PNG_BASE64, mimeType: 'image/png' },
        { type: 'resource', resource: { uri: 'test://mixed-content-resource', mimeType: 'application/json', text: '{"test":"data","value":123}' } },
      ],
    }),
  ),
  define('test_tool_with_logging', 'Logs three messages while it runs', async (_args, context) => {
    await context.log('info', 'Tool execution started');
    await pause(50);
    await context.log('info', 'Tool processing data');
    await pause(50);
    await context.log('info', 'Tool execution completed');
    return text('Logging tool finished');
  }),
  define('test_tool_with_progress', 'Reports progress 0, 50, 100 of 100', async (_args, { extra }) => {
    const progressToken = extra._meta?.progressToken;
    for (const progress of [0, 50, 100]) {
      if (progressToken !== undefined) await extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress, total: 100 } });
      if (progress < 100) await pause(50);
    }
    return text('Progress tool finished');
  }),
  define('test_error_handling', 'Always fails', () => Promise.resolve({ content: [{ type: 'text', text: 'This tool intentionally returns an error for testing' }], isError: true })),
  define(
    'test_sampling',
    'Asks the client to sample an LLM',
    async (args, { server, extra }) => {
      const answer = await server.createMessage(
        { messages: [{ role: 'user', content: { type: 'text', text: String(args.prompt) } }], maxTokens: 100 },
        { relatedRequestId: extra.requestId },
      );
      const content: unknown = Array.isArray(answer.content) ? answer.content[0] : answer.content;
      const said = typeof content === 'object' && content !== null && 'text' in content ? String(content.text) : JSON.stringify(content);
      return text(`LLM response: ${said}`);
    },
    stringArgument('prompt', 'The prompt to send to the LLM'),
  ),
  define(
    'test_elicitation',
    'Asks the user for a username and an email',
    (args, context) =>
      elicit(context, String(args.message), {
        type: 'object',
        properties: { username: { type: 'string', description: "User's response" }, email: { type: 'string', description: "User's email address" } },
        required: ['username', 'email'],
      }),
    stringArgument('message', 'The message to show the user'),
  ),
  define('test_elicitation_sep1034_defaults', 'Elicitation with defaults (SEP-1034)', (_args, context) => elicit(context, 'Please review your details', elicitDefaults)),
  define('test_elicitation_sep1330_enums', 'Elicitation with every enum form (SEP-1330)', (_args, context) => elicit(context, 'Please pick options', elicitEnums)),
  define('json_schema_2020_12_tool', 'Tool with JSON Schema 2020-12 features', (args) => Promise.resolve(text(`Received ${JSON.stringify(args)}`)), {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    $defs: { address: { type: 'object', properties: { street: { type: 'string' }, city: { type: 'string' } } } },
    properties: { name: { type: 'string' }, address: { $ref: '#/$defs/address' } },
    additionalProperties: false,
  }),
  define('test_reconnection', 'Closes its SSE stream mid-call, then answers (SEP-1699)', async (_args, { extra }) => {
    await pause(50);
    extra.closeSSEStream?.();
    await pause(200);
    return text('Reconnection test finished');
  }),
];
