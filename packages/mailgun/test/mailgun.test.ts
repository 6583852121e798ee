import { BrokenCircuitError, McpCallError } from '@res/mcp';
import { toolError } from '@res/testkit';
import { adapterContract } from '@res/testkit/contract';
import { describe, expect, it, vi } from 'vitest';
import { mailgunAdapter, mailgunPresets } from '../src/index.js';
import { mailgunFaults } from '../src/testing.js';

const rig = adapterContract({
  adapter: mailgunAdapter,
  env: { MAILGUN_API_KEY: 'key-0123456789abcdef', MAILGUN_DOMAIN: 'mg.example.com' },
  credentials: {
    missing: '@res/mailgun: missing required environment variables MAILGUN_API_KEY, MAILGUN_DOMAIN (set them in process.env or pass { env: { … } })',
    blank: { MAILGUN_API_KEY: 'k', MAILGUN_DOMAIN: ' ' },
    blankError: /variable MAILGUN_DOMAIN \(/,
  },
  presets: {
    names: ['default', 'interactive'],
    default: {
      timeout: 20_000, failureThreshold: 5, recoveryTimeout: 60_000, maxAttempts: 3, backoff: 'exponential',
      baseDelay: 1_000, maxDelay: 8_000, jitter: 'full', rateLimit: { tokens: 4, interval: 1_000, burst: 10, maxWait: 5_000 },
    },
  },
  breaker: {
    tool: 'get_stats', args: () => ({ domain_name: 'd', event: 'delivered' }), fault: mailgunFaults.error(503), threshold: 5, sent: 15,
    failure: McpCallError, open: BrokenCircuitError, probe: { tool: 'get_domains', args: {} },
  },
  absent: [{ fake: { omit: ['get_webhooks'] }, refused: [{ tool: 'get_webhooks', args: {} }] }],
});

describe('presets', () => {
  it('interactive is one attempt with a short timeout', () => {
    expect(mailgunPresets.interactive).toMatchObject({ maxAttempts: 1, timeout: 10_000 });
  });
});

describe('against a fake Mailgun-MCP', () => {
  it('never sends send_message twice, whatever fails after it was sent', async () => {
    const { server, client: mail } = rig.connect({ faults: { send_message: mailgunFaults.error(503) } });
    const send = mail.call('send_message', { from_email: 'a@mg.example.com', to: 'b@example.com', subject: 's', text: 't' });
    await expect(send).rejects.toMatchObject({ kind: 'tool', sent: true });
    server.setFault('send_message', { type: 'crash' });
    await expect(mail.call('send_message', { from_email: 'a@x', to: 'b@x', subject: 's', text: 't' })).rejects.toMatchObject({ kind: 'transport' });
    expect(server.calls('send_message')).toBe(2);
    expect(mail.health().retries).toBe(0);
  });

  it('retries a read after transient 5xx answers', async () => {
    const { server, client: mail } = rig.connect({ faults: { get_domains: { type: 'fail-first', count: 2, fault: mailgunFaults.error(502) } } });
    const result = await mail.call('get_domains', {});
    expect(result.isError).toBeUndefined();
    expect(server.calls('get_domains')).toBe(3);
    expect(mail.health()).toMatchObject({ retries: 2, failures: 0, successes: 1 });
  });

  it('classifies 429 as a rate limit and waits a second before the retry', async () => {
    vi.useFakeTimers();
    const { server, client: mail } = rig.connect({ faults: { get_bounces: { type: 'fail-first', count: 1, fault: mailgunFaults.error(429) } } });
    mail.client.breaker.reset();
    const call = mail.callTool('get_bounces', { domain_name: 'd' });
    await vi.advanceTimersByTimeAsync(4);
    expect(server.calls('get_bounces')).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await call;
    expect(server.calls('get_bounces')).toBe(2);
  });

  it("re-sends even send_message after the server's own bucket refused it (no tool ran)", async () => {
    const { server, client: mail } = rig.connect({ faults: { send_message: { type: 'fail-first', count: 1, fault: toolError.globalRateLimit() } } });
    const result = await mail.call('send_message', { from_email: 'a@x', to: 'b@x', subject: 's', text: 't' });
    expect(result.isError).toBeUndefined();
    expect(server.calls('send_message')).toBe(2);
  });

  it('treats 4xx and configuration errors as caller errors: not retried, not counted', async () => {
    const { server, client: mail } = rig.connect({ faults: { get_domain: mailgunFaults.error(404), get_route: mailgunFaults.configurationError() } });
    for (let i = 0; i < 6; i++) await expect(mail.call('get_domain', { domain_name: 'nope' })).rejects.toMatchObject({ kind: 'caller' });
    await expect(mail.call('get_route', {})).rejects.toMatchObject({ kind: 'caller' });
    expect(server.calls('get_domain')).toBe(6);
    expect(mail.health()).toMatchObject({ state: 'closed', failures: 0 });
  });
});
