import { stdioServer, type StdioServerHandle } from '@res/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { ResilientClient, type ServerPolicy } from '../src/index.js';
import { fastPolicy, rejection } from './helpers.js';

let server: StdioServerHandle | undefined;
let client: ResilientClient | undefined;
afterEach(async () => {
  await client?.close();
  await server?.dispose();
  client = undefined;
  server = undefined;
});

function stdioClient(handle: StdioServerHandle, policy: Partial<ServerPolicy> = {}): ResilientClient {
  return new ResilientClient({ name: 'child', connect: { ...handle.connect, stderr: 'ignore' }, preset: 'local', policy: { ...fastPolicy, ...policy } });
}

describe('a stdio server that crashes', () => {
  it('a safe call retries on a freshly spawned process', async () => {
    server = stdioServer({ faults: { read_item: { type: 'fail-first', count: 1, fault: { type: 'crash' } } } });
    client = stdioClient(server);
    const result = await client.callTool('read_item', { id: '1' });
    expect(result.isError).toBeUndefined();
    expect(server.calls('read_item')).toBe(2);
    expect(server.pids()).toHaveLength(2);
    expect(client.health()).toMatchObject({ reconnects: 1, retries: 1 });
  }, 15_000);

  it('an unsafe call fails once; the next call spawns a new process — 20 times, no child left behind', async () => {
    server = stdioServer({ faults: { send_item: { type: 'crash' } } });
    client = stdioClient(server, { failureThreshold: 100 });
    for (let round = 1; round <= 20; round++) {
      const error = await rejection(client.callTool('send_item', { round }));
      expect(error).toMatchObject({ kind: 'transport', sent: true });
      expect(server.calls('send_item')).toBe(round);
      const ok = await client.callTool('read_item', { round });
      expect(ok.isError).toBeUndefined();
    }
    expect(server.pids()).toHaveLength(21);
    await client.close();
    await expect.poll(() => server?.alivePids().length, { timeout: 5_000 }).toBe(0);
  }, 120_000); // 21 process spawns: seconds alone, much more on a busy 2-core machine

  it('a command that cannot be spawned is a transport failure before send, retried, then counted once', async () => {
    client = new ResilientClient({ name: 'missing', connect: { command: '/nonexistent/res-no-such-binary' }, policy: { ...fastPolicy, failureThreshold: 1 } });
    const error = await rejection(client.callTool('send_item', {}));
    expect(error).toMatchObject({ kind: 'transport', sent: false });
    expect(client.health()).toMatchObject({ retries: 2, failures: 1, state: 'open' });
  });
});
