import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';
import { type HttpServerHandle, type HttpServerOptions, startHttpServer } from '../src/http.js';
import { bodyOf, expectMcpError, rejectionOf, textOf, until } from './helpers.js';

const handles: HttpServerHandle[] = [];
const clients: Client[] = [];

async function serve(options: HttpServerOptions = {}): Promise<HttpServerHandle> {
  const handle = await startHttpServer(options);
  handles.push(handle);
  return handle;
}

async function connectTo(handle: HttpServerHandle): Promise<{ client: Client; errors: unknown[] }> {
  const client = new Client({ name: 'http-test', version: '0.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(handle.url));
  const errors: unknown[] = [];
  client.onerror = (error) => errors.push(error);
  await client.connect(transport);
  clients.push(client);
  return { client, errors };
}

const call = (client: Client, name = 'read_item', timeout = 5000) => client.callTool({ name, arguments: { id: '1' } }, undefined, { timeout });

/** `TypeError: fetch failed` with this cause code (ECONNREFUSED, UND_ERR_SOCKET). */
function expectFetchFailed(error: unknown, cause?: string): void {
  expect(error).toBeInstanceOf(TypeError);
  expect(error).toMatchObject({ message: 'fetch failed' });
  if (cause !== undefined) expect((error as { cause?: { code?: string } }).cause?.code).toBe(cause);
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all(handles.splice(0).map((handle) => handle.close()));
});

describe('startHttpServer', () => {
  it('serves MCP at http://127.0.0.1:<port>/mcp, one session per client', async () => {
    const handle = await serve();
    expect(handle.url).toBe(`http://127.0.0.1:${handle.port}/mcp`);
    const { client } = await connectTo(handle);
    await connectTo(handle);
    expect(handle.sessions()).toBe(2);
    expect((await client.listTools()).tools.find((tool) => tool.name === 'upsert_item')?.annotations).toEqual({
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: true,
    });
    expect(bodyOf(await call(client))).toEqual({ ok: true, tool: 'read_item', call: 1, args: { id: '1' } });
    expect((await fetch(new URL('/other', handle.url))).status).toBe(404);
  });

  it('fail -> isError, rpc-error -> McpError with the code', async () => {
    const handle = await serve({ faults: { read_item: { type: 'fail', message: 'upstream down' }, send_item: { type: 'rpc-error', code: -32603 } } });
    const { client } = await connectTo(handle);
    const failed = await call(client);
    expect(failed.isError).toBe(true);
    expect(textOf(failed)).toBe('upstream down');
    await expectMcpError(call(client, 'send_item'), -32603);
    expect(handle.calls()).toBe(2);
  });

  it('hang + request timeout: -32001, and the cancellation reaches the handler', async () => {
    const handle = await serve({ faults: { '*': { type: 'hang' } } });
    const { client } = await connectTo(handle);
    await expectMcpError(call(client, 'read_item', 100), -32001);
    await until(() => handle.aborts('read_item') === 1);
  });

  it('503: StreamableHTTPError with code 503 while on, normal again when off', async () => {
    const handle = await serve();
    const { client } = await connectTo(handle);
    handle.respondWith503(true);
    const error = await rejectionOf(call(client));
    expect(error).toBeInstanceOf(StreamableHTTPError);
    expect(error).toMatchObject({ code: 503 });
    handle.respondWith503(false);
    expect((await call(client)).isError).toBeUndefined();
    expect(handle.calls()).toBe(1);
  });

  it('stop(): fetch failed (ECONNREFUSED); start() listens again on the same port', async () => {
    const handle = await serve();
    const { client } = await connectTo(handle);
    const { port } = handle;
    await handle.stop();
    expectFetchFailed(await rejectionOf(call(client)), 'ECONNREFUSED');
    await handle.start();
    expect(handle.port).toBe(port);
    // Sessions died with the server, as after a real restart: the old one is unknown now.
    expect(await rejectionOf(call(client))).toMatchObject({ code: 404 });
    const fresh = await connectTo(handle);
    expect((await call(fresh.client)).isError).toBeUndefined();
  });

  it('crash on receipt: fetch failed for the call, the listener is down until start()', async () => {
    const handle = await serve({ faults: { send_item: { type: 'crash' } } });
    const { client } = await connectTo(handle);
    expectFetchFailed(await rejectionOf(call(client, 'send_item')));
    expect(handle.calls('send_item')).toBe(1);
    expectFetchFailed(await rejectionOf(call(client)), 'ECONNREFUSED');
    handle.clearFaults();
    await handle.start();
    const fresh = await connectTo(handle);
    expect(bodyOf(await call(fresh.client, 'send_item'))).toMatchObject({ ok: true, call: 2 });
  });

  it('crash after the SSE headers went out: the SDK client only reports onerror and the call times out', async () => {
    // A property of the SDK client (1.32), reproduced here so that callers can prepare for it.
    const handle = await serve({ faults: { read_item: { type: 'slow', ms: 50, then: { type: 'crash' } } } });
    const { client, errors } = await connectTo(handle);
    await expectMcpError(call(client, 'read_item', 400), -32001);
    expect(errors.map(String)).toContainEqual(expect.stringMatching(/SSE stream disconnected/));
  });

  it('with jsonResponse, a crash mid-call is fetch failed', async () => {
    const handle = await serve({ jsonResponse: true, faults: { read_item: { type: 'slow', ms: 50, then: { type: 'crash' } } } });
    const { client } = await connectTo(handle);
    expectFetchFailed(await rejectionOf(call(client)), 'UND_ERR_SOCKET');
  });

  it('close() frees the port for good', async () => {
    const handle = await serve();
    await handle.close();
    expectFetchFailed(await rejectionOf(fetch(handle.url, { method: 'POST' })), 'ECONNREFUSED');
    await expect(handle.start()).rejects.toThrow(/closed/);
  });
});
