import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { startHttpServer, type HttpServerHandle } from '@res/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { proxyBin } from './helpers.js';

let upstream: HttpServerHandle | undefined;
let host: Client | undefined;
afterEach(async () => {
  await host?.close();
  await upstream?.close();
  host = undefined;
  upstream = undefined;
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('res-proxy and an upstream that is not up yet', () => {
  it('declares the broad set, serves res_health, and sends tools/list_changed once the upstream comes up', async () => {
    const port = await freePort();
    let changed = 0;
    host = new Client({ name: 'host', version: '1.0.0' });
    host.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      changed++;
    });
    await host.connect(new StdioClientTransport({ command: process.execPath, args: [proxyBin, '--quiet', '--connect-timeout', '1000', '--url', `http://127.0.0.1:${port}/mcp`], stderr: 'ignore' }));
    expect(host.getServerCapabilities()).toMatchObject({ tools: { listChanged: true }, resources: {}, prompts: {}, logging: {}, completions: {} });
    expect((await host.listTools()).tools.map((tool) => tool.name)).toEqual(['res_health']);
    upstream = await startHttpServer({ port });
    await expect.poll(() => changed, { timeout: 10_000, interval: 100 }).toBeGreaterThan(0);
    expect((await host.listTools()).tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['read_item', 'send_item', 'res_health']));
  }, 30_000);
});
