import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startHttpServer, type HttpServerHandle } from '@res/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { ResilientClient } from '../src/index.js';

let upstream: HttpServerHandle | undefined;
let relay: Server | undefined;
const clients: ResilientClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  relay?.close();
  await upstream?.close();
  upstream = undefined;
  relay = undefined;
});

/**
 * A TCP relay to `port` that can cut the connection carrying a `tools/call` POST (its SSE stream) mid-call.
 * `primed()` says the stream's priming event (an `id:` line) has reached the client: before it, the client
 * holds no event id to resume from, and a cut is a plain failed request, not the case under test.
 */
async function tcpRelay(port: number): Promise<{ url: string; primed(): boolean; cutToolCall(): boolean }> {
  const carrying = new Set<Socket>();
  const primed = new Set<Socket>();
  relay = createServer((client) => {
    const server = connect(port, '127.0.0.1');
    client.on('data', (chunk: Buffer) => {
      if (chunk.toString('utf8').includes('"method":"tools/call"')) carrying.add(client);
    });
    server.on('data', (chunk: Buffer) => {
      if (carrying.has(client) && /(^|\n)id: /.test(chunk.toString('utf8'))) primed.add(client);
    });
    client.pipe(server).pipe(client);
    const drop = (): void => {
      client.destroy();
      server.destroy();
    };
    client.on('error', drop).on('close', drop);
    server.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => relay?.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(relay.address() as AddressInfo).port}/mcp`,
    primed: () => [...carrying].some((socket) => primed.has(socket)),
    cutToolCall: () => {
      for (const socket of carrying) socket.destroy();
      const cut = carrying.size > 0;
      carrying.clear();
      return cut;
    },
  };
}

describe('streamable HTTP resumability', () => {
  it('an unsafe call whose SSE stream is cut mid-call is resumed (Last-Event-ID): it ran once and its result arrives', async () => {
    upstream = await startHttpServer({ port: 0, resumable: true, faults: { send_item: { type: 'slow', ms: 800 } } });
    const path = await tcpRelay(upstream.port);
    const client = new ResilientClient({ name: 'up', connect: { url: path.url }, preset: 'local', policy: { timeout: 10_000, maxAttempts: 3 } });
    clients.push(client);
    await client.listTools();
    const call = client.callTool('send_item', { id: 'a', to: 'b' });
    await expect.poll(() => upstream?.calls('send_item'), { timeout: 2_000, interval: 20 }).toBe(1);
    await expect.poll(() => path.primed(), { timeout: 2_000, interval: 5 }).toBe(true);
    expect(path.cutToolCall()).toBe(true);
    const result = await call;
    expect(result.isError).toBeUndefined();
    expect(upstream.calls('send_item')).toBe(1);
  }, 20_000);
});
