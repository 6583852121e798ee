import { createServer } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CallToolResultSchema, ErrorCode, McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { ResilienceError, TimeoutError as CoreTimeoutError } from '@res/core';
import { describe, expect, it } from 'vitest';
import {
  classifyThrown,
  classifyToolResult,
  isMcpFailure,
  isRetryable,
  McpCallError,
  McpTimeoutError,
  stripPrefix,
  TimeoutError,
  type ErrorKind,
  type ResultClassifier,
} from '../src/index.js';

const request = { server: 'srv', tool: 'read_item', phase: 'request', timeout: 1_500 } as const;
const connect = { ...request, phase: 'connect' } as const;

/** What a thrown value is the SDK's way of saying, as a plain object to compare. */
function facts(error: unknown, phase: 'request' | 'connect' = 'request'): Record<string, unknown> {
  const failure = classifyThrown(error, phase === 'request' ? request : connect);
  return { kind: failure.kind, sent: failure.sent, counted: failure.counted, code: failure.code };
}

async function thrownBy(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error: unknown) {
    return error;
  }
  throw new Error('expected a throw');
}

/** A real `TypeError: fetch failed` (cause ECONNREFUSED): fetch to a port nobody listens on. */
async function refusedFetch(): Promise<unknown> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  const port = typeof address === 'object' && address !== null ? address.port : 9;
  return thrownBy(() => fetch(`http://127.0.0.1:${port}/mcp`));
}

describe('classifyThrown maps what the SDK throws to DESIGN §4 kinds', () => {
  it.each<[string, number, ErrorKind, boolean, boolean]>([
    ['ConnectionClosed', ErrorCode.ConnectionClosed, 'transport', true, true],
    ['InternalError', ErrorCode.InternalError, 'protocol', true, true],
    ['ParseError', ErrorCode.ParseError, 'protocol', true, true],
    ['a server-defined code', -32099, 'protocol', true, true],
    ['UrlElicitationRequired', ErrorCode.UrlElicitationRequired, 'protocol', true, true],
    ['InvalidRequest', ErrorCode.InvalidRequest, 'caller', true, false],
    ['MethodNotFound', ErrorCode.MethodNotFound, 'caller', true, false],
    ['InvalidParams', ErrorCode.InvalidParams, 'caller', true, false],
  ])('McpError %s (%i) -> %s, sent %s, counted %s', (_name, code, kind, sent, counted) => {
    expect(facts(new McpError(code, 'boom'))).toEqual({ kind, sent, counted, code });
  });

  it('McpError RequestTimeout is an McpTimeoutError carrying the attempt timeout', () => {
    const cause = new McpError(ErrorCode.RequestTimeout, 'Request timed out');
    const failure = classifyThrown(cause, request);
    expect(failure).toBeInstanceOf(McpTimeoutError);
    expect(failure).toMatchObject({ kind: 'timeout', sent: true, counted: true, code: -32001, timeout: 1_500, server: 'srv', tool: 'read_item', cause });
    expect(failure.message).toBe('srv read_item: no answer within 1500 ms');
  });

  it('while connecting, nothing of the call was sent, whatever the error', () => {
    expect(facts(new McpError(ErrorCode.RequestTimeout, 'Request timed out'), 'connect')).toEqual({ kind: 'timeout', sent: false, counted: true, code: -32001 });
    expect(classifyThrown(new McpError(ErrorCode.RequestTimeout, 'x'), connect)).not.toBeInstanceOf(McpTimeoutError);
    expect(facts(new McpError(ErrorCode.ConnectionClosed, 'Connection closed'), 'connect')).toMatchObject({ kind: 'transport', sent: false });
    expect(facts(new McpError(ErrorCode.InternalError, 'x'), 'connect')).toMatchObject({ kind: 'protocol', sent: false });
    expect(facts(new StreamableHTTPError(503, 'Error POSTing to endpoint (HTTP 503)'), 'connect')).toMatchObject({ kind: 'transport', sent: false });
  });

  it.each<[number, ErrorKind, boolean, boolean]>([
    [503, 'transport', true, true],
    [500, 'transport', true, true],
    [429, 'transport', true, true],
    [404, 'transport', false, true], // session unknown to a restarted server: the request was not processed
    [401, 'caller', true, false],
    [403, 'caller', true, false],
  ])('StreamableHTTPError %i -> %s, sent %s, counted %s', (status, kind, sent, counted) => {
    const error = new StreamableHTTPError(status, `Error POSTing to endpoint (HTTP ${status}): nope`);
    expect(facts(error)).toEqual({ kind, sent, counted, code: status });
  });

  it('HTTP 400 naming the session (server-everything after a restart) is a lost session like 404; another 400 is the caller\'s', () => {
    const lost = new StreamableHTTPError(400, 'Error POSTing to endpoint: {"jsonrpc":"2.0","error":{"code":-32000,"message":"Bad Request: No valid session ID provided"}}');
    expect(facts(lost)).toEqual({ kind: 'transport', sent: false, counted: true, code: 400 });
    expect(classifyThrown(lost, request).message).toBe('srv read_item: session not found (HTTP 400): the server restarted');
    expect(facts(new StreamableHTTPError(400, 'Error POSTing to endpoint: bad JSON'))).toEqual({ kind: 'caller', sent: true, counted: false, code: 400 });
  });

  it('a refused connection (real fetch, and as the SDK wraps it) was never sent', async () => {
    const real = await refusedFetch();
    expect(real).toBeInstanceOf(TypeError);
    expect(facts(real)).toEqual({ kind: 'transport', sent: false, counted: true, code: undefined });
    expect(facts(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }))).toMatchObject({ kind: 'transport', sent: false });
    expect(classifyThrown(real, request).message).toBe('srv read_item: fetch failed (ECONNREFUSED)');
  });

  it('fetch failing mid-request (socket closed) may have reached the server', () => {
    const midway = new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
    expect(facts(midway)).toEqual({ kind: 'transport', sent: true, counted: true, code: undefined });
    expect(facts(new TypeError('fetch failed'))).toMatchObject({ kind: 'transport', sent: true });
  });

  it('a spawn ENOENT (real StdioClientTransport) was never sent, in either phase', async () => {
    const spawnError = await thrownBy(() => new StdioClientTransport({ command: '/nonexistent/res-no-such-server', stderr: 'ignore' }).start());
    expect(spawnError).toMatchObject({ code: 'ENOENT' });
    expect(facts(spawnError, 'connect')).toEqual({ kind: 'transport', sent: false, counted: true, code: undefined });
    expect(facts(spawnError, 'request')).toMatchObject({ kind: 'transport', sent: false });
  });

  it("the SDK's Error('Not connected') (real Client) was never sent", async () => {
    const notConnected = await thrownBy(() => new Client({ name: 't', version: '1' }).callTool({ name: 'read_item' }));
    expect(notConnected).toEqual(new Error('Not connected'));
    expect(facts(notConnected)).toEqual({ kind: 'transport', sent: false, counted: true, code: undefined });
  });

  it('a ZodError from parsing a malformed result is a protocol failure', () => {
    const parsed = CallToolResultSchema.safeParse({ content: 'not an array' });
    expect(parsed.success).toBe(false);
    const failure = classifyThrown(parsed.error, request);
    expect(failure).toMatchObject({ kind: 'protocol', sent: true, counted: true, message: 'srv read_item: malformed result from the server' });
    expect(failure.cause).toBe(parsed.error);
  });

  it('anything else is a protocol failure; an already classified failure passes through', () => {
    expect(classifyThrown('weird', request)).toMatchObject({ kind: 'protocol', message: 'srv read_item: unexpected string thrown' });
    expect(facts(new Error('socket hang up'))).toMatchObject({ kind: 'protocol', sent: true });
    const already = new McpCallError({ server: 's', tool: 't', kind: 'caller', message: 'x', sent: false });
    expect(classifyThrown(already, request)).toBe(already);
  });
});

describe('messages', () => {
  it('strip the SDK prefix, doubled or not, and name server and tool', () => {
    const doubled = new McpError(ErrorCode.InternalError, new McpError(ErrorCode.InternalError, 'chart upstream failed').message);
    expect(doubled.message).toBe('MCP error -32603: MCP error -32603: chart upstream failed');
    expect(classifyThrown(doubled, request).message).toBe('srv read_item: chart upstream failed');
    expect(classifyThrown(new McpError(ErrorCode.InvalidParams, 'id: Required'), request).message).toBe('srv read_item: id: Required');
    expect(classifyThrown(new McpError(ErrorCode.InternalError, 'x'), { ...request, tool: undefined }).message).toBe('srv: x');
    expect(stripPrefix('MCP error -32602: MCP error -32602: bad')).toBe('bad');
    expect(stripPrefix('no prefix: MCP error -32602: kept')).toBe('no prefix: MCP error -32602: kept');
  });
});

describe('McpTimeoutError', () => {
  it('is a core TimeoutError and an McpCallError at once', () => {
    const error = new McpTimeoutError('srv', 'read_item', 250);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toBeInstanceOf(CoreTimeoutError);
    expect(error).toBeInstanceOf(McpCallError);
    expect(error).toBeInstanceOf(ResilienceError);
    expect(isMcpFailure(error)).toBe(true);
    expect(error).toMatchObject({ name: 'McpTimeoutError', timeout: 250, kind: 'timeout', code: -32001, sent: true, counted: true });
  });

  it('other errors are not McpCallErrors', () => {
    expect(new CoreTimeoutError(10)).not.toBeInstanceOf(McpCallError);
    expect(new Error('x')).not.toBeInstanceOf(McpCallError);
    const call = new McpCallError({ server: 's', tool: 't', kind: 'transport', message: 'm', sent: true });
    expect(call).not.toBeInstanceOf(TimeoutError);
    expect(call).toBeInstanceOf(ResilienceError);
  });
});

describe('classifyToolResult', () => {
  const facts = { server: 'srv', tool: 'send_item', safety: 'unsafe' } as const;
  const ok: CallToolResult = { content: [{ type: 'text', text: '{"ok":true}' }] };
  const toolError = (text: string): CallToolResult => ({ content: [{ type: 'text', text }], isError: true });

  it('a normal result, or an isError result nobody counts, is a success', () => {
    expect(classifyToolResult(ok, facts, undefined, true)).toBeUndefined();
    expect(classifyToolResult(toolError('boom'), facts, undefined, false)).toBeUndefined();
    expect(classifyToolResult(toolError('boom'), facts, undefined, () => false)).toBeUndefined();
  });

  it('toolErrorIsFailure makes isError a counted tool failure carrying the result', () => {
    const result = toolError('MCP error -32603: upstream down');
    const failure = classifyToolResult(result, facts, undefined, true);
    expect(failure).toMatchObject({ kind: 'tool', sent: true, counted: true, result, message: 'srv send_item: upstream down' });
    expect(classifyToolResult(result, facts, undefined, (r) => r === result)).toMatchObject({ kind: 'tool', counted: true });
    expect(classifyToolResult({ content: [], isError: true }, facts, undefined, true)?.message).toBe('srv send_item: tool reported failure');
  });

  it("reads McpServer's converted caller errors (-32600/1/2) as caller errors", () => {
    for (const code of [-32600, -32601, -32602]) {
      const failure = classifyToolResult(toolError(`MCP error ${code}: Invalid arguments for tool send_item`), facts, undefined, true);
      expect(failure).toMatchObject({ kind: 'caller', counted: false, sent: true, message: 'srv send_item: Invalid arguments for tool send_item' });
    }
  });

  it.each<[string, ReturnType<ResultClassifier>, Record<string, unknown>]>([
    ['failure', { kind: 'failure' }, { kind: 'tool', counted: true, sent: true }],
    ['uncounted failure', { kind: 'failure', counted: false }, { kind: 'tool', counted: false, sent: true }],
    ['failure before any tool ran', { kind: 'failure', notExecuted: true }, { kind: 'tool', sent: false }],
    ['caller', { kind: 'caller' }, { kind: 'caller', counted: false, sent: true }],
    ['rate-limit', { kind: 'rate-limit' }, { kind: 'rate-limit', retryAfter: 1_000, counted: false, sent: true }],
    ['rate-limit with retryAfter', { kind: 'rate-limit', retryAfter: 2_500, notExecuted: true }, { kind: 'rate-limit', retryAfter: 2_500, sent: false }],
    ['a message', { kind: 'failure', message: 'workflow failed' }, { message: 'srv send_item: workflow failed' }],
  ])('classifyResult %s', (_name, verdict, expected) => {
    const seen: unknown[] = [];
    const classifier: ResultClassifier = (result, context) => {
      seen.push(result, context);
      return verdict;
    };
    const failure = classifyToolResult(ok, facts, classifier, false);
    expect(failure).toMatchObject({ ...expected, result: ok, server: 'srv', tool: 'send_item' });
    expect(seen).toEqual([ok, { tool: 'send_item', safety: 'unsafe' }]);
  });

  it('the classifier decides first; its undefined leaves isError to toolErrorIsFailure', () => {
    expect(classifyToolResult(toolError('x'), facts, () => undefined, false)).toBeUndefined();
    expect(classifyToolResult(toolError('x'), facts, () => undefined, true)).toMatchObject({ kind: 'tool' });
    expect(classifyToolResult(toolError('x'), facts, () => ({ kind: 'caller' }), true)).toMatchObject({ kind: 'caller' });
  });
});

describe('isRetryable (the "retried" column)', () => {
  const failure = (kind: ErrorKind, sent: boolean): McpCallError => new McpCallError({ server: 's', tool: 't', kind, message: 'm', sent });
  it.each<[ErrorKind, boolean, boolean, boolean, boolean]>([
    ['transport', false, true, true, true],
    ['transport', true, true, true, false],
    ['timeout', true, true, true, false],
    ['protocol', true, true, true, false],
    ['tool', true, true, true, false],
    ['rate-limit', true, true, true, false],
    ['rate-limit', false, true, true, true],
    ['caller', false, false, false, false],
    ['caller', true, false, false, false],
  ])('%s sent=%s: read %s, idempotent %s, unsafe %s', (kind, sent, read, idempotent, unsafe) => {
    expect([isRetryable(failure(kind, sent), 'read'), isRetryable(failure(kind, sent), 'idempotent'), isRetryable(failure(kind, sent), 'unsafe')]).toEqual([
      read,
      idempotent,
      unsafe,
    ]);
  });
});
