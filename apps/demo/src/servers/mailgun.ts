/** Mailgun-MCP: an email API behind a FastMCP server; failures arrive in-band as `mailgun_error … status N`. */
import { mailgunAdapter } from '@res/mailgun';
import { mailgunFaults } from '@res/mailgun/testing';
import { defineDemoServer, flaky } from './types.js';

const DOMAIN = 'mg.example.com';
const RECIPIENTS = ['ana@example.org', 'ben@example.net', 'chloe@example.com', 'dev@example.io'];
const SUBJECTS = ['Your receipt #4812', 'Password reset', 'Weekly digest', 'Invitation to join the workspace'];

export const mailgun = defineDemoServer({
  adapter: mailgunAdapter,
  title: 'Mailgun-MCP',
  env: { MAILGUN_API_KEY: 'key-demo-0000000000000000', MAILGUN_DOMAIN: DOMAIN },
  latencyMs: 60,
  results: {
    get_domains: {
      total_count: 2,
      items: [
        { name: DOMAIN, state: 'active', type: 'custom', created_at: 'Tue, 04 Mar 2025 09:12:44 GMT', smtp_login: `postmaster@${DOMAIN}`, spam_action: 'disabled', wildcard: false },
        { name: 'sandbox1f2e9c.mailgun.org', state: 'active', type: 'sandbox', created_at: 'Mon, 13 Jan 2025 16:02:10 GMT', smtp_login: 'postmaster@sandbox1f2e9c.mailgun.org', spam_action: 'disabled', wildcard: false },
      ],
    },
    get_stats: {
      start: 'Mon, 10 Mar 2025 00:00:00 UTC', end: 'Sun, 16 Mar 2025 00:00:00 UTC', resolution: 'day',
      stats: [{ time: 'Mon, 10 Mar 2025 00:00:00 UTC', accepted: { total: 1301 }, delivered: { total: 1287, smtp: 1287, http: 0 }, failed: { permanent: { total: 9 }, temporary: { total: 5 } } }],
    },
    get_events: {
      items: [
        { event: 'delivered', timestamp: 1741608000.123, recipient: 'ana@example.org', message: { headers: { subject: 'Your receipt #4812', 'message-id': `20250310101500.1.A1B2@${DOMAIN}` } } },
        { event: 'opened', timestamp: 1741608320.551, recipient: 'ana@example.org', 'client-info': { 'client-name': 'Thunderbird', 'device-type': 'desktop' } },
      ],
      paging: { next: `https://api.mailgun.net/v3/${DOMAIN}/events/W3siYSI6IGZhbHNlfV0=` },
    },
    get_bounces: {
      items: [{ address: 'old@example.net', code: '550', error: '5.1.1 The email account that you tried to reach does not exist', created_at: 'Fri, 07 Mar 2025 11:40:02 UTC' }],
      paging: { first: `https://api.mailgun.net/v3/${DOMAIN}/bounces?limit=100` },
    },
    add_unsubscribe: { message: 'Address has been added to the unsubscribes table', address: 'leaver@example.org' },
    send_message: { id: `<20250310101500.1.ABCD1234@${DOMAIN}>`, message: 'Queued. Thank you.' },
  },
  workload: [
    { tool: 'get_domains', weight: 3, args: () => ({ limit: 10 }) },
    { tool: 'get_stats', weight: 3, args: (rng) => ({ domain_name: DOMAIN, event: rng.pick(['delivered', 'failed', 'opened']) }) },
    { tool: 'get_events', weight: 3, args: (rng) => ({ domain_name: DOMAIN, event: rng.pick(['delivered', 'failed']), limit: 25 }) },
    { tool: 'get_bounces', weight: 2, args: () => ({ domain_name: DOMAIN, limit: 100 }) },
    { tool: 'add_unsubscribe', weight: 1, args: (rng) => ({ domain_name: DOMAIN, address: rng.pick(RECIPIENTS) }) },
    {
      tool: 'send_message',
      weight: 2,
      args: (rng) => ({ from_email: `noreply@${DOMAIN}`, to: rng.pick(RECIPIENTS), subject: rng.pick(SUBJECTS), text: 'Hello from the res demo.' }),
    },
  ],
  cached: ['get_domains', 'get_stats'],
  timeline: [
    { at: 0.08, label: 'flaky: 30% status 503', faults: { '*': flaky(0.3, mailgunFaults.error(503)) } },
    { at: 0.2, label: 'calm', faults: {} },
    { at: 0.27, label: 'outage: mailgun_error 503', faults: { '*': mailgunFaults.error(503) } },
    { at: 0.47, label: 'get_events: status 429', faults: { get_events: mailgunFaults.error(429) } },
    { at: 0.56, label: 'calm', faults: {} },
  ],
});
