/**
 * The caller's abort while a task call waits between attempts — the backoff before it
 * resumes polling its task, or the reconnect it needs for that — sends `tasks/cancel` for
 * the task, on the live or next session, best effort and bounded (DESIGN §4, tasks).
 */
import { setTimeout as delay } from 'node:timers/promises';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { InMemoryTaskStore } from '@modelcontextprotocol/sdk/experimental/tasks/stores/in-memory.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ResilientClient, type ServerPolicy } from '../src/index.js';
// @ts-expect-error: a plain ES module fixture, also run as a stdio server
import { taskServer } from './fixtures/task-server.mjs';
import { fastPolicy, rejection } from './helpers.js';

type MakeServer = (options: { store: InMemoryTaskStore; runs: (line: string) => void; delay?: number }) => McpServer;
const makeServer = taskServer as MakeServer;

let client: ResilientClient | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await client?.close();
  client = undefined;
});

/**
 * In-memory task servers sharing one task store; `connect(n)` may replace the n-th connect
 * (from 1): throw to refuse it, or return a promise to hold it.
 */
function rig(policy: Partial<ServerPolicy>, connect?: (n: number, open: () => Transport) => Transport | Promise<Transport>) {
  const store = new InMemoryTaskStore();
  const runs: string[] = [];
  const servers: McpServer[] = [];
  let connects = 0;
  const open = (): Transport => {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const server = makeServer({ store, runs: (line) => runs.push(line), delay: 10_000 });
    servers.push(server);
    void server.connect(serverSide);
    return clientSide;
  };
  client = new ResilientClient({
    name: 'tasks',
    connect: () => (connect === undefined ? open() : connect(++connects, open)),
    policy: { ...fastPolicy, failureThreshold: 100, ...policy },
  });
  const statuses = async (): Promise<string[]> => (await store.listTasks()).tasks.map((task) => task.status);
  return { client, runs, servers, statuses };
}

/** Starts `archive` (task support 'required') and drops its connection once the task runs and is polled. */
async function startAndDrop(r: ReturnType<typeof rig>, signal: AbortSignal): Promise<{ call: Promise<unknown> }> {
  const call = rejection(r.client.callTool('archive', { topic: 'tides' }, { signal }));
  while (r.runs.length === 0) await delay(5);
  await delay(30); // the task is created and being polled
  await r.servers[0]?.close();
  return { call };
}

describe('aborting a task call that lost its connection and waits to resume', () => {
  it('aborted during the backoff before the retry: rejects with the reason and sends tasks/cancel on the next session', async () => {
    const r = rig({ baseDelay: 60_000, maxDelay: 60_000 });
    const controller = new AbortController();
    const { call } = await startAndDrop(r, controller.signal);
    await delay(30); // the poll failed: the call sleeps 60 s before polling again
    expect(r.servers).toHaveLength(1);
    controller.abort(new Error('user gave up'));
    expect(await call).toMatchObject({ message: 'user gave up' });
    expect(await r.statuses()).toEqual(['cancelled']);
    expect(r.servers).toHaveLength(2);
    expect(r.runs).toHaveLength(1);
  });

  it('aborted while the reconnect is pending: sends tasks/cancel on the session once it is up', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const r = rig({}, async (n, open) => {
      if (n === 2) await held;
      return open();
    });
    const controller = new AbortController();
    const { call } = await startAndDrop(r, controller.signal);
    await delay(30); // the retry waits on the second connect
    controller.abort(new Error('user gave up'));
    await delay(20);
    release();
    expect(await call).toMatchObject({ message: 'user gave up' });
    expect(await r.statuses()).toEqual(['cancelled']);
    expect(r.runs).toHaveLength(1);
  });

  it('a server that cannot be reached: the abort still rejects at once; the task is left as it is', async () => {
    const r = rig({ baseDelay: 60_000, maxDelay: 60_000 }, (n, open) => {
      if (n > 1) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
      return open();
    });
    const controller = new AbortController();
    const { call } = await startAndDrop(r, controller.signal);
    await delay(30);
    const aborted = Date.now();
    controller.abort(new Error('user gave up'));
    expect(await call).toMatchObject({ message: 'user gave up' });
    expect(Date.now() - aborted).toBeLessThan(1_000);
    expect(await r.statuses()).toEqual(['working']);
  });

  it('a reconnect that never completes: the abort rejects when the cancel deadline (5 s) passes, nothing hangs', async () => {
    let refuse: (error: Error) => void = () => undefined;
    const never = new Promise<Transport>((_, reject) => (refuse = reject));
    const r = rig({}, (n, open) => (n === 1 ? open() : never));
    const controller = new AbortController();
    const { call } = await startAndDrop(r, controller.signal);
    await delay(30); // the retry waits on a connect that never ends
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let settled = false;
    void call.finally(() => (settled = true));
    controller.abort(new Error('user gave up'));
    await vi.advanceTimersByTimeAsync(4_999);
    expect(settled).toBe(false); // still trying to reach the server for tasks/cancel
    await vi.advanceTimersByTimeAsync(1);
    expect(await call).toMatchObject({ message: 'user gave up' });
    expect(await r.statuses()).toEqual(['working']);
    refuse(new Error('connect ECONNREFUSED 127.0.0.1:9')); // so close() does not wait on it
  });
});
