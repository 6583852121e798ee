import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { InMemoryTaskStore } from '@modelcontextprotocol/sdk/experimental/tasks/stores/in-memory.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { BrokenCircuitError, McpCallError, ResilientClient, type ResilientClientOptions, type ToolPolicy } from '../src/index.js';
// @ts-expect-error: a plain ES module fixture, also run as a stdio server
import { taskServer } from './fixtures/task-server.mjs';
import { fastPolicy, rejection } from './helpers.js';

type MakeServer = (options: { store: InMemoryTaskStore; runs: (line: string) => void; delay?: number }) => McpServer;
const makeServer = taskServer as MakeServer;
const RELATED = 'io.modelcontextprotocol/related-task';

const text = (result: CallToolResult): string => (result.content[0] as { text: string }).text;
const taskOf = (result: CallToolResult): unknown => (result._meta?.[RELATED] as { taskId?: string } | undefined)?.taskId;

let client: ResilientClient | undefined;
let dir: string | undefined;
afterEach(async () => {
  await client?.close();
  client = undefined;
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A client on in-memory task servers that share one task store (a task outlives its connection). */
function rig(tools: ResilientClientOptions['tools'] = {}, serverDelay = 20) {
  const store = new InMemoryTaskStore();
  const runs: string[] = [];
  const servers: McpServer[] = [];
  client = new ResilientClient({
    name: 'tasks',
    connect: () => {
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      const server = makeServer({ store, runs: (line) => runs.push(line), delay: serverDelay });
      servers.push(server);
      void server.connect(serverSide);
      return clientSide;
    },
    tools,
    policy: fastPolicy,
  });
  return { client, runs, servers, store };
}

describe('ToolPolicy.task', () => {
  it("'auto' (default): an unsafe tool with optional task support runs as a task, a read-only one plainly; 'required' always as a task", async () => {
    const { client: c, runs } = rig();
    const unsafe = await c.callTool('write-report', { topic: 'tides' });
    expect(text(unsafe)).toBe('write-report: tides');
    expect(taskOf(unsafe)).toEqual(expect.any(String));
    const read = await c.callTool('read-report', { topic: 'tides' });
    expect(text(read)).toBe('read-report: tides');
    expect(taskOf(read)).toBeUndefined();
    expect(taskOf(await c.callTool('archive', { topic: 'old' }))).toEqual(expect.any(String));
    expect(runs).toHaveLength(3);
  });

  it("'never' calls an optional tool plainly, 'always' as a task; neither changes a required tool", async () => {
    const { client: c } = rig({ 'write-report': { task: 'never' }, 'read-report': { task: 'always' }, archive: { task: 'never' } });
    expect(taskOf(await c.callTool('write-report', { topic: 'a' }))).toBeUndefined();
    expect(taskOf(await c.callTool('read-report', { topic: 'b' }))).toEqual(expect.any(String));
    expect(taskOf(await c.callTool('archive', { topic: 'c' }))).toEqual(expect.any(String));
  });

  it('a bad value is a TypeError at construction naming the option', () => {
    const bad = { 'write-report': { task: 'sometimes' } } as unknown as Record<string, ToolPolicy>;
    expect(() => new ResilientClient({ name: 'tasks', connect: () => InMemoryTransport.createLinkedPair()[0], tools: bad })).toThrow(
      new TypeError(`ResilientClient "tasks": tools.write-report.task must be 'auto', 'always' or 'never', got "sometimes"`),
    );
  });
});

describe('aborting a task call', () => {
  it('sends tasks/cancel: the server marks the task cancelled', async () => {
    const { client: c, runs, store } = rig({}, 5_000);
    const controller = new AbortController();
    const call = rejection(c.callTool('write-report', { topic: 'tides' }, { signal: controller.signal }));
    while (runs.length === 0) await delay(5);
    await delay(30);
    controller.abort(new Error('user gave up'));
    expect(await call).toMatchObject({ message: 'user gave up' });
    const { tasks } = await store.listTasks();
    expect(tasks.map((task) => task.status)).toEqual(['cancelled']);
  });
});

describe('a task call that loses its connection', () => {
  it('polls the same task on the new session: the unsafe tool ran once and its result arrives', async () => {
    const { client: c, runs, servers } = rig({}, 400);
    const call = c.callTool('write-report', { topic: 'tides' });
    while (runs.length === 0) await delay(5);
    await delay(50); // the task is created and being polled
    await servers[0]?.close(); // the connection drops mid-task
    const result = await call;
    expect(text(result)).toBe('write-report: tides');
    expect(runs).toHaveLength(1);
    expect(servers).toHaveLength(2);
    expect(c.health()).toMatchObject({ reconnects: 1 });
  });

  it('aborted while polling the task on the new session: rejects with the reason and sends tasks/cancel there', async () => {
    const { client: c, runs, servers, store } = rig({}, 5_000);
    const controller = new AbortController();
    const call = rejection(c.callTool('write-report', { topic: 'tides' }, { signal: controller.signal }));
    while (runs.length === 0) await delay(5);
    await delay(30);
    await servers[0]?.close();
    while (servers.length < 2) await delay(5);
    await delay(30); // resumed: polling tasks/get on the second session
    controller.abort(new Error('user gave up'));
    expect(await call).toMatchObject({ message: 'user gave up' });
    const { tasks } = await store.listTasks();
    expect(tasks.map((task) => task.status)).toEqual(['cancelled']);
    expect(runs).toHaveLength(1);
  });

  it('a server that does not come back: the last failure (the refused reconnect) still carries the task id', async () => {
    const store = new InMemoryTaskStore();
    const runs: string[] = [];
    const servers: McpServer[] = [];
    client = new ResilientClient({
      name: 'tasks',
      connect: () => {
        if (servers.length > 0) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
        const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
        servers.push(makeServer({ store, runs: (line) => runs.push(line), delay: 5_000 }));
        void servers[0]?.connect(serverSide);
        return clientSide;
      },
      policy: { ...fastPolicy, failureThreshold: 1, maxAttempts: 3 },
    });
    const call = rejection(client.callTool('write-report', { topic: 'tides' }));
    while (runs.length === 0) await delay(5);
    await delay(30);
    await servers[0]?.close();
    const error = await call;
    const { tasks } = await store.listTasks();
    expect(error).toMatchObject({ kind: 'transport', message: expect.stringMatching(/ECONNREFUSED/) as unknown, taskId: tasks[0]?.taskId });
    expect(runs).toHaveLength(1);
    await expect(client.callTool('write-report', { topic: 'tides' })).rejects.toBeInstanceOf(BrokenCircuitError); // it opened the breaker
  });

  it('a restarted stdio server that forgot the task: kind transport with .taskId, and the tool is not sent again', async () => {
    dir = mkdtempSync(join(tmpdir(), 'res-tasks-'));
    const log = join(dir, 'runs.log');
    const lines = (): string[] => {
      try {
        return readFileSync(log, 'utf8').trim().split('\n').filter(Boolean);
      } catch {
        return [];
      }
    };
    client = new ResilientClient({
      name: 'tasks',
      connect: { command: process.execPath, args: [new URL('./fixtures/task-server.mjs', import.meta.url).pathname], env: { TASK_LOG: log, TASK_DELAY: '10000' }, stderr: 'ignore' },
      preset: 'local',
      policy: { ...fastPolicy, failureThreshold: 100 },
    });
    const call = rejection(client.callTool('write-report', { topic: 'tides' }));
    while (lines().length === 0) await delay(10);
    await delay(50);
    const pid = Number(lines()[0]?.split(' ')[0]);
    process.kill(pid, 'SIGKILL');
    const error = await call;
    expect(error).toBeInstanceOf(McpCallError);
    expect(error).toMatchObject({ kind: 'transport', sent: true, taskId: expect.any(String) as unknown });
    expect((error as Error).message).toMatch(/no longer knows task .* of tool "write-report"/);
    expect(lines()).toHaveLength(1);
    expect(client.health()).toMatchObject({ reconnects: 1 });
  }, 15_000);
});
