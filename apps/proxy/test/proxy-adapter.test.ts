import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { mailgunCatalog } from '@res/mailgun';
import { mailgunFaults } from '@res/mailgun/testing';
import { fakeServer, type StdioServerHandle } from '@res/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { hostClient, text } from './helpers.js';

let upstream: StdioServerHandle | undefined;
let host: Client | undefined;
afterEach(async () => {
  await host?.close();
  await upstream?.dispose();
  host = undefined;
  upstream = undefined;
});

async function mailgunBehindProxy(flags: string[] = []): Promise<{ host: Client; upstream: StdioServerHandle }> {
  upstream = fakeServer(mailgunCatalog, { name: 'mailgun' }).stdio();
  // As an MCP host passes credentials: in the server entry's env (the SDK adds it to the default environment).
  const env = { MAILGUN_API_KEY: 'key-test-0123456789', MAILGUN_DOMAIN: 'mg.example.com' };
  host = await hostClient(['--server', 'mailgun', ...flags, '--', upstream.connect.command, ...upstream.connect.args], [], env);
  return { host, upstream };
}

describe('res-proxy --server mailgun', () => {
  it("uses the adapter's catalog and classifier: an in-band 503 on send_message is a failure, sent once, passed through", async () => {
    const { host, upstream } = await mailgunBehindProxy();
    upstream.setFault('send_message', mailgunFaults.error(503));
    upstream.setFault('get_domains', { type: 'fail-first', count: 1, fault: mailgunFaults.error(502) });
    const sent = await host.callTool({ name: 'send_message', arguments: { to: 'a@b' } });
    expect(text(sent)).toContain('status 503');
    expect(upstream.calls('send_message')).toBe(1);
    await host.callTool({ name: 'get_domains', arguments: {} });
    expect(upstream.calls('get_domains')).toBe(2);
    const health = JSON.parse(text(await host.callTool({ name: 'res_health', arguments: {} }))) as Record<string, unknown>;
    expect(health).toMatchObject({ name: 'mailgun', failures: 1, retries: 1, lastError: { tool: 'send_message', kind: 'tool' } });
  }, 20_000);

  it('res_admin isolates and resets the breaker by hand', async () => {
    const { host, upstream } = await mailgunBehindProxy(['--admin-tool']);
    expect((await host.listTools()).tools.map((tool) => tool.name)).toContain('res_admin');
    await host.callTool({ name: 'res_admin', arguments: { action: 'isolate' } });
    const refused = await host.callTool({ name: 'get_domains', arguments: {} });
    expect(text(refused)).toMatch(/isolated by an operator/);
    expect(upstream.calls('get_domains')).toBe(0);
    const reset = await host.callTool({ name: 'res_admin', arguments: { action: 'reset' } });
    expect(JSON.parse(text(reset))).toMatchObject({ action: 'reset', state: 'closed' });
    expect((await host.callTool({ name: 'get_domains', arguments: {} })).isError).toBeUndefined();
  }, 20_000);
});
