import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { InMemoryTaskStore } from '@modelcontextprotocol/sdk/experimental/tasks/stores/in-memory.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';
import { McpCallError, ResilientClient } from '../src/index.js';
// @ts-expect-error: a plain ES module fixture
import { taskServer } from './fixtures/task-server.mjs';
import { fastPolicy, rejection } from './helpers.js';

type MakeServer = (options: { store: InMemoryTaskStore; runs: (line: string) => void; delay?: number }) => McpServer;
const makeServer = taskServer as MakeServer;

let http: Server | undefined;
let client: ResilientClient | undefined;
afterEach(async () => {
  await client?.close();
  http?.closeAllConnections();
  await new Promise((resolve) => http?.close(resolve));
  client = undefined;
  http = undefined;
});

/**
 * A streamable HTTP task server on 127.0.0.1: one McpServer per session, all sharing ONE task store,
 * so a task outlives its session in this process. `drop()` ends every session (as a server does
 * when it expires them): the next request on it gets 404.
 */
async function taskHttpServer(runs: string[]): Promise<{ url: string; store: InMemoryTaskStore; drop: () => Promise<void> }> {
  const store = new InMemoryTaskStore();
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  http = createServer((req, res) => {
    const id = req.headers['mcp-session-id'];
    const known = typeof id === 'string' ? sessions.get(id) : undefined;
    if (known !== undefined) return void known.handleRequest(req, res);
    if (id !== undefined) return void res.writeHead(404).end('session not found');
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      onsessioninitialized: (sid) => {
        sessions.set(sid, transport);
      },
    });
    void makeServer({ store, runs: (line) => runs.push(line), delay: 3_000 }).connect(transport).then(() => transport.handleRequest(req, res));
  });
  await new Promise<void>((resolve) => http?.listen(0, '127.0.0.1', resolve));
  const drop = async (): Promise<void> => {
    const open = [...sessions.values()];
    sessions.clear();
    await Promise.all(open.map((transport) => transport.close()));
  };
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`, store, drop };
}

describe('a task call over streamable HTTP whose session is lost', () => {
  it('cannot resume on the new session: the SDK binds a task to the session that created it (kind transport, .taskId, not re-sent)', async () => {
    const runs: string[] = [];
    const { url, store, drop } = await taskHttpServer(runs);
    client = new ResilientClient({ name: 'tasks', connect: { url }, policy: { ...fastPolicy, failureThreshold: 100 } });
    const call = rejection(client.callTool('write-report', { topic: 'tides' }));
    while (runs.length === 0) await delay(5);
    await delay(50);
    await drop();
    const error = await call;
    expect(error).toBeInstanceOf(McpCallError);
    const { tasks } = await store.listTasks(); // the task still lives in this process, still working
    expect(tasks.map((task) => task.status)).toEqual(['working']);
    expect(error).toMatchObject({ kind: 'transport', sent: true, taskId: tasks[0]?.taskId });
    expect((error as Error).message).toMatch(/no longer knows task .* of tool "write-report"/);
    expect(runs).toHaveLength(1);
    expect(client.health()).toMatchObject({ reconnects: 1 });
  }, 15_000);
});
