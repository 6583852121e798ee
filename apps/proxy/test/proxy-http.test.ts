import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { startHttpServer, type HttpServerHandle } from '@res/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { hostClient, text } from './helpers.js';

let upstream: HttpServerHandle | undefined;
let host: Client | undefined;
afterEach(async () => {
  await host?.close();
  await upstream?.close();
  host = undefined;
  upstream = undefined;
});

describe('res-proxy in front of an HTTP server that goes down and comes back', () => {
  it('answers fast with "unavailable" while the breaker is open, serves the last tool list, and recovers', async () => {
    upstream = await startHttpServer({ port: 0 });
    const log: string[] = [];
    host = await hostClient(['--url', upstream.url, '--failure-threshold', '2', '--recovery-timeout', '400', '--max-attempts', '1'], log);
    expect((await host.callTool({ name: 'read_item', arguments: {} })).isError).toBeUndefined();
    const listed = (await host.listTools()).tools.map((tool) => tool.name);
    await upstream.stop();
    for (let i = 0; i < 2; i++) {
      const failed = await host.callTool({ name: 'read_item', arguments: {} });
      expect(failed.isError).toBe(true);
      expect(text(failed)).toMatch(/is unavailable/);
    }
    const started = Date.now();
    const open = await host.callTool({ name: 'read_item', arguments: {} });
    expect(Date.now() - started).toBeLessThan(200);
    expect(text(open)).toMatch(/unavailable \(circuit open\): next try in 1 s/);
    expect((await host.listTools()).tools.map((tool) => tool.name)).toEqual(listed);
    await upstream.start();
    await expect.poll(async () => (await host?.callTool({ name: 'read_item', arguments: {} }))?.isError, { timeout: 5_000, interval: 100 }).toBeUndefined();
    const health = JSON.parse(text(await host.callTool({ name: 'res_health', arguments: {} }))) as { state: string };
    expect(health.state).toBe('closed');
    expect(log.join('')).toMatch(/breaker closed -> open/);
    expect(log.join('')).toMatch(/breaker half-open -> closed/);
  }, 30_000);
});
