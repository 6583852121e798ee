import { BrokenCircuitError, McpCallError } from '@res/mcp';
import { fakeServer, inBand, toolError, type InMemoryServerHandle } from '@res/testkit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMailgunClient, mailgunCatalog, mailgunPresets, type MailgunClient } from '../src/index.js';

const env = { MAILGUN_API_KEY: 'key-0123456789abcdef', MAILGUN_DOMAIN: 'mg.example.com' };
const fast = { baseDelay: 1, maxDelay: 5, jitter: 'none' } as const;

let server: InMemoryServerHandle | undefined;
let mail: MailgunClient | undefined;

function connectTo(options: Parameters<typeof fakeServer>[1] = {}): { server: InMemoryServerHandle; mail: MailgunClient } {
  server = fakeServer(mailgunCatalog, { name: 'mailgun', ...options }).inMemory();
  const handle = server;
  mail = createMailgunClient({ env, connect: () => handle.transport(), policy: fast });
  return { server: handle, mail };
}

afterEach(async () => {
  vi.useRealTimers();
  await mail?.close();
  await server?.close();
  mail = undefined;
  server = undefined;
});

describe('credentials', () => {
  it('names every missing variable before anything starts', () => {
    expect(() => createMailgunClient({ env: {} })).toThrow(
      new TypeError('@res/mailgun: missing required environment variables MAILGUN_API_KEY, MAILGUN_DOMAIN (set them in process.env or pass { env: { … } })'),
    );
    expect(() => createMailgunClient({ env: { MAILGUN_API_KEY: 'k', MAILGUN_DOMAIN: ' ' } })).toThrow(/variable MAILGUN_DOMAIN \(/);
  });

  it('builds without starting anything when they are set', () => {
    mail = createMailgunClient({ env });
    expect(mail.client.name).toBe('mailgun');
    expect(mail.client.connected).toBe(false);
    expect(mail.health().calls).toBe(0);
  });
});

describe('presets', () => {
  it('default is the documented numbers', () => {
    mail = createMailgunClient({ env });
    expect(mail.client.policy).toMatchObject({
      timeout: 20_000, failureThreshold: 5, recoveryTimeout: 60_000, maxAttempts: 3, backoff: 'exponential',
      baseDelay: 1_000, maxDelay: 8_000, jitter: 'full', rateLimit: { tokens: 4, interval: 1_000, burst: 10, maxWait: 5_000 },
    });
    expect(mailgunPresets.interactive).toMatchObject({ maxAttempts: 1, timeout: 10_000 });
  });

  it('rejects an unknown preset naming the choices', () => {
    expect(() => createMailgunClient({ env, preset: 'nope' as 'default' })).toThrow(/preset must be one of 'default', 'interactive', 'external-api'/);
  });
});

describe('against a fake Mailgun-MCP', () => {
  it('never sends send_message twice, whatever fails after it was sent', async () => {
    const { server, mail } = connectTo({ faults: { send_message: inBand.mailgunError(503) } });
    const send = mail.call('send_message', { from_email: 'a@mg.example.com', to: 'b@example.com', subject: 's', text: 't' });
    await expect(send).rejects.toMatchObject({ kind: 'tool', sent: true });
    server.setFault('send_message', { type: 'crash' });
    await expect(mail.call('send_message', { from_email: 'a@x', to: 'b@x', subject: 's', text: 't' })).rejects.toMatchObject({ kind: 'transport' });
    expect(server.calls('send_message')).toBe(2);
    expect(mail.health().retries).toBe(0);
  });

  it('retries a read after transient 5xx answers', async () => {
    const { server, mail } = connectTo({ faults: { get_domains: { type: 'fail-first', count: 2, fault: inBand.mailgunError(502) } } });
    const result = await mail.call('get_domains', {});
    expect(result.isError).toBeUndefined();
    expect(server.calls('get_domains')).toBe(3);
    expect(mail.health()).toMatchObject({ retries: 2, failures: 0, successes: 1 });
  });

  it('opens the breaker after five failed calls and then rejects without sending', async () => {
    const { server, mail } = connectTo({ faults: { get_stats: inBand.mailgunError(503) } });
    for (let i = 0; i < 5; i++) await expect(mail.call('get_stats', { domain_name: 'd', event: 'delivered' })).rejects.toBeInstanceOf(McpCallError);
    expect(server.calls('get_stats')).toBe(15);
    await expect(mail.call('get_domains', {})).rejects.toBeInstanceOf(BrokenCircuitError);
    expect(server.calls('get_domains')).toBe(0);
    expect(mail.health()).toMatchObject({ state: 'open', rejections: 1 });
  });

  it('classifies 429 as a rate limit and waits a second before the retry', async () => {
    vi.useFakeTimers();
    const { server, mail } = connectTo({ faults: { get_bounces: { type: 'fail-first', count: 1, fault: inBand.mailgunError(429) } } });
    mail.client.breaker.reset();
    const call = mail.callTool('get_bounces', { domain_name: 'd' });
    await vi.advanceTimersByTimeAsync(4);
    expect(server.calls('get_bounces')).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await call;
    expect(server.calls('get_bounces')).toBe(2);
  });

  it("re-sends even send_message after the server's own bucket refused it (no tool ran)", async () => {
    const { server, mail } = connectTo({ faults: { send_message: { type: 'fail-first', count: 1, fault: toolError.globalRateLimit() } } });
    const result = await mail.call('send_message', { from_email: 'a@x', to: 'b@x', subject: 's', text: 't' });
    expect(result.isError).toBeUndefined();
    expect(server.calls('send_message')).toBe(2);
  });

  it('treats 4xx and configuration errors as caller errors: not retried, not counted', async () => {
    const { server, mail } = connectTo({ faults: { get_domain: inBand.mailgunError(404), get_route: inBand.mailgunConfigurationError() } });
    for (let i = 0; i < 6; i++) await expect(mail.call('get_domain', { domain_name: 'nope' })).rejects.toMatchObject({ kind: 'caller' });
    await expect(mail.call('get_route', {})).rejects.toMatchObject({ kind: 'caller' });
    expect(server.calls('get_domain')).toBe(6);
    expect(mail.health()).toMatchObject({ state: 'closed', failures: 0 });
  });

  it('refuses a catalog tool the live server does not offer, without sending', async () => {
    const { server, mail } = connectTo({ omit: ['get_webhooks'] });
    await expect(mail.call('get_webhooks', {})).rejects.toMatchObject({ kind: 'caller', message: expect.stringContaining('"get_webhooks" is in the catalog but the server does not offer it') as unknown });
    expect(server.calls()).toBe(0);
  });
});
