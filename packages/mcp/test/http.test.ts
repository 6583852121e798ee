import { startHttpServer, type HttpServerHandle } from '@res/testkit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BrokenCircuitError, ResilientClient } from '../src/index.js';
import { fastPolicy, rejection } from './helpers.js';

let server: HttpServerHandle | undefined;
let client: ResilientClient | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

describe('a streamable HTTP server on 127.0.0.1', () => {
  it('stopped: calls fail and the breaker opens; restarted on the same port: it recovers', async () => {
    vi.useFakeTimers({ toFake: ['Date'] }); // the breaker's clock only: sockets and the SDK keep real time
    server = await startHttpServer({ port: 0 });
    client = new ResilientClient({ name: 'web', connect: { url: server.url }, policy: { ...fastPolicy, failureThreshold: 2, recoveryTimeout: 60_000 } });
    expect((await client.callTool('read_item', { id: 'a' })).isError).toBeUndefined();
    await server.stop();
    for (let i = 0; i < 2; i++) {
      const error = await rejection(client.callTool('read_item', {}));
      expect(error).toMatchObject({ kind: 'transport' });
    }
    expect(client.breaker.state).toBe('open');
    await expect(client.callTool('read_item', {})).rejects.toBeInstanceOf(BrokenCircuitError);
    await server.start();
    await expect(client.callTool('read_item', {})).rejects.toBeInstanceOf(BrokenCircuitError);
    vi.setSystemTime(Date.now() + 60_000);
    expect(client.breaker.state).toBe('half-open');
    const result = await client.callTool('read_item', { id: 'b' });
    expect(result.isError).toBeUndefined();
    expect(client.breaker.state).toBe('closed');
    expect(client.health().reconnects).toBeGreaterThanOrEqual(1);
  });

  it('a refused connection is not sent: even an unsafe tool is retried, and runs once when the server is back', async () => {
    server = await startHttpServer({ port: 0 });
    const handle = server;
    await handle.stop();
    client = new ResilientClient({
      name: 'web',
      connect: { url: handle.url },
      policy: { ...fastPolicy, maxAttempts: 3, baseDelay: 200, maxDelay: 200 },
    });
    // Bring the server back while the client waits to retry its refused first attempt.
    const restarted = new Promise<void>((resolve) => {
      const off = client?.on('event', (event) => {
        if (event.type !== 'retry') return;
        off?.();
        void handle.start().then(resolve);
      });
    });
    const result = await client.callTool('send_item', { id: 'once' });
    await restarted;
    expect(result.isError).toBeUndefined();
    expect(handle.calls('send_item')).toBe(1);
  });

  it('503 answers are transport failures: a read retries through them', async () => {
    server = await startHttpServer({ port: 0 });
    client = new ResilientClient({ name: 'web', connect: { url: server.url }, policy: { ...fastPolicy, maxAttempts: 1, failureThreshold: 5 } });
    await client.callTool('read_item', {});
    server.respondWith503(true);
    const error = await rejection(client.callTool('read_item', {}));
    expect(error).toMatchObject({ kind: 'transport', code: 503 });
    server.respondWith503(false);
    expect((await client.callTool('read_item', {})).isError).toBeUndefined();
    expect(client.health().failures).toBe(1);
  });
});
