import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startHttpServer, type HttpServerHandle } from '@res/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { parseListen } from '../src/listen.js';
import { listeningProxy, type ListeningProxy } from './listen-helpers.js';

let proxy: ListeningProxy | undefined;
let upstream: HttpServerHandle | undefined;
afterEach(async () => {
  await proxy?.stop();
  await upstream?.close();
  proxy = undefined;
  upstream = undefined;
});

async function host(url: string, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: 'host', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return client;
}

/** Ends the host's session (DELETE), as a host does when it is done. */
async function endSession(client: Client): Promise<void> {
  await (client.transport as StreamableHTTPClientTransport).terminateSession();
  await client.close();
}

describe('res-proxy --listen', () => {
  it('reads [HOST:]PORT', () => {
    expect(parseListen('8808')).toEqual({ host: '127.0.0.1', port: 8808 });
    expect(parseListen('0.0.0.0:9')).toEqual({ host: '0.0.0.0', port: 9 });
    expect(parseListen('[::1]:8808')).toEqual({ host: '::1', port: 8808 });
    expect(() => parseListen('host:99999')).toThrow(/--listen must be \[HOST:\]PORT/);
    expect(() => parseListen('nope')).toThrow(/--listen/);
  });

  it('serves /mcp with one upstream session per host session, closed with it; /healthz and /readyz', async () => {
    upstream = await startHttpServer({ port: 0 });
    proxy = await listeningProxy(['--url', upstream.url]);
    const base = proxy.url.replace(/\/mcp$/, '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const first = await host(proxy.url);
    const second = await host(proxy.url);
    expect((await first.listTools()).tools.map((tool) => tool.name)).toContain('res_health');
    await second.callTool({ name: 'read_item', arguments: {} });
    expect(upstream.sessions()).toBe(2);
    await endSession(first);
    await endSession(second);
    await expect.poll(() => upstream?.sessions(), { timeout: 5_000 }).toBe(0);
  }, 30_000);

  it('/readyz answers 503 naming the upstream while its breaker is open', async () => {
    upstream = await startHttpServer({ port: 0 });
    proxy = await listeningProxy(['--url', upstream.url, '--failure-threshold', '1', '--max-attempts', '1', '--recovery-timeout', '60000']);
    const readyz = proxy.url.replace(/\/mcp$/, '/readyz');
    const client = await host(proxy.url);
    await upstream.stop();
    expect((await client.callTool({ name: 'read_item', arguments: {} })).isError).toBe(true);
    const response = await fetch(readyz);
    expect(response.status).toBe(503);
    expect(await response.text()).toMatch(/breaker open for 127\.0\.0\.1:\d+/);
    await client.close();
  }, 30_000);

  it('refuses other Hosts and Origins (DNS rebinding) and, with --auth-token-env, requests without the bearer token', async () => {
    upstream = await startHttpServer({ port: 0 });
    proxy = await listeningProxy(['--url', upstream.url, '--auth-token-env', 'RES_TEST_TOKEN'], { RES_TEST_TOKEN: 's3cret-token' });
    const initialize = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } } });
    const post = (headers: Record<string, string>) =>
      fetch(proxy?.url ?? '', { method: 'POST', body: initialize, headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers } });
    expect((await post({ authorization: 'Bearer s3cret-token', origin: 'http://evil.example.com' })).status).toBe(403);
    expect((await post({})).status).toBe(401);
    expect((await post({ authorization: 'Bearer wrong' })).status).toBe(401);
    const client = await host(proxy.url, { authorization: 'Bearer s3cret-token' });
    expect((await client.callTool({ name: 'read_item', arguments: {} })).isError).toBeUndefined();
    await client.close();
    expect(proxy.stderr.join('')).not.toContain('s3cret-token');
  }, 30_000);

  it('names a missing token variable without starting', async () => {
    await expect(listeningProxy(['--url', 'http://127.0.0.1:9/mcp', '--auth-token-env', 'RES_NO_SUCH_VAR'])).rejects.toThrow(/RES_NO_SUCH_VAR is not set/);
  });
});
