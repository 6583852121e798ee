/**
 * A hostile MCP upstream's behaviours (DESIGN §9): a server is code we do not
 * control. Each mode misbehaves in one way; everything else answers normally,
 * so a test sees exactly one fault. Pure: a request in, the lines to write out.
 */

/** How the hostile upstream misbehaves. */
export type HostileMode =
  /** Answers normally (a control). */
  | 'ok'
  /** Answers `tools/call` with the wrong id (and a string id): the real request never settles. */
  | 'wrong-ids'
  /** Sends 20,000 log notifications before each `tools/call` answer. */
  | 'flood'
  /** Answers `tools/call` with one 50 MB line. */
  | 'huge-line'
  /** Writes lines that are not JSON before each answer. */
  | 'invalid-json'
  /** Never answers `initialize`. */
  | 'no-initialize'
  /** Lists 100,000 tools. */
  | 'many-tools'
  /** `tools/list` always returns a `nextCursor`. */
  | 'endless-pages'
  /** Answers `tools/call` with `structuredContent` nested 5,000 deep. */
  | 'deep-json'
  /** Answers `tools/call` with a JSON-RPC error whose message is 20 MB. */
  | 'huge-error'
  /** Answers `tools/call` with an error whose message forges a log line. */
  | 'multiline-error'
  /** Echoes the request's headers (HTTP) or its environment's `HOSTILE_SECRET` (stdio) in an error. */
  | 'echo-headers';

/** Every mode, for tests that go through them all. */
export const hostileModes: readonly HostileMode[] = [
  'ok', 'wrong-ids', 'flood', 'huge-line', 'invalid-json', 'no-initialize', 'many-tools', 'endless-pages',
  'deep-json', 'huge-error', 'multiline-error', 'echo-headers',
];

/** The forged log line the `multiline-error` mode tries to slip into a log. */
export const FORGED_LINE = '2030-01-01T00:00:00.000Z res-proxy info FORGED LINE';

/** A JSON-RPC request or notification as read. */
export interface RpcIn {
  id?: string | number;
  method?: string;
  params?: Record<string, unknown>;
}

/** What the request came with: HTTP headers, or the process's secret in stdio mode. */
export interface RequestFacts {
  echo: string;
}

const MB = 1024 * 1024;

function answer(id: string | number, result: unknown): string {
  return JSON.stringify({ jsonrpc: '2.0', id, result });
}

function fail(id: string | number, code: number, message: string): string {
  return JSON.stringify({ jsonrpc: '2.0', id, error: { code, message } });
}

// Written as text: JSON.stringify itself overflows the stack on it.
function deepResult(id: string | number, levels: number): string {
  const nested = `${'{"a":'.repeat(levels)}{"leaf":true}${'}'.repeat(levels)}`;
  return `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":{"content":[{"type":"text","text":"deep"}],"structuredContent":${nested}}}`;
}

const echoTool = { name: 'echo', description: 'echoes', inputSchema: { type: 'object' }, annotations: { readOnlyHint: true } };

function listTools(mode: HostileMode, id: string | number, params: Record<string, unknown> | undefined): string {
  if (mode === 'many-tools') {
    const tools = Array.from({ length: 100_000 }, (_, i) => ({ name: i === 0 ? 'echo' : `tool_${i}`, inputSchema: { type: 'object' } }));
    return answer(id, { tools });
  }
  if (mode === 'endless-pages') {
    const page = Number(params?.cursor ?? 0);
    return answer(id, { tools: [{ ...echoTool, name: page === 0 ? 'echo' : `page_${page}` }], nextCursor: String(page + 1) });
  }
  return answer(id, { tools: [echoTool] });
}

function callTool(mode: HostileMode, id: string | number, facts: RequestFacts): string[] {
  switch (mode) {
    case 'wrong-ids':
      return [answer(typeof id === 'number' ? id + 1000 : `${id}x`, { content: [] }), answer(String(id) + '-', { content: [] })];
    case 'huge-line':
      return [answer(id, { content: [{ type: 'text', text: 'x'.repeat(50 * MB) }] })];
    case 'deep-json':
      return [deepResult(id, 5_000)];
    case 'huge-error':
      return [fail(id, -32603, `boom ${'y'.repeat(20 * MB)}`)];
    case 'multiline-error':
      return [fail(id, -32603, `boom\n${FORGED_LINE}\r\n${FORGED_LINE}`)];
    case 'echo-headers':
      return [fail(id, -32603, `you sent: ${facts.echo}`)];
    default:
      return [answer(id, { content: [{ type: 'text', text: 'ok' }] })];
  }
}

/**
 * The lines to write for one incoming message (each a JSON-RPC message, or garbage).
 *
 * @example respond('endless-pages', { id: 2, method: 'tools/list' }, { echo: '' }); // one page with a nextCursor
 */
export function respond(mode: HostileMode, message: RpcIn, facts: RequestFacts): string[] {
  const { id, method } = message;
  if (id === undefined || method === undefined) return []; // a notification or a response: nothing to say
  const before: string[] = [];
  if (mode === 'flood' && method === 'tools/call') {
    for (let i = 0; i < 20_000; i++) before.push(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: `flood ${i}` } }));
  }
  if (mode === 'invalid-json') before.push('{not json', '][', '"unterminated');
  switch (method) {
    case 'initialize':
      if (mode === 'no-initialize') return [];
      return [...before, answer(id, {
        protocolVersion: typeof message.params?.protocolVersion === 'string' ? message.params.protocolVersion : '2025-06-18',
        capabilities: { tools: {} },
        serverInfo: { name: 'hostile', version: '1.0.0' },
      })];
    case 'tools/list':
      return [...before, listTools(mode, id, message.params)];
    case 'tools/call':
      return [...before, ...callTool(mode, id, facts)];
    case 'ping':
      return [...before, answer(id, {})];
    default:
      return [...before, fail(id, -32601, `Method not found: ${method}`)];
  }
}
