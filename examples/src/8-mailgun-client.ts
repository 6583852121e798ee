// 8. A full resilient client: `@res/mailgun` (the adapter: catalog, presets, classifier)
// against a fake Mailgun-MCP in memory — Mailgun's in-band errors classified, reads retried,
// sends never repeated, a preset for interactive callers, events and `health()`.
//
//   pnpm --filter @res/examples build && node examples/dist/8-mailgun-client.js
import { createMailgunClient, mailgunCatalog, mailgunPresets } from '@res/mailgun';
import type { ClientEvent } from '@res/mcp';
import { mailgunFaults } from '@res/mailgun/testing';
import { fakeServer } from '@res/testkit';

// The fake serves every tool of the catalog, with realistic answers for two of them.
const server = fakeServer(mailgunCatalog, {
  name: 'mailgun',
  respond: {
    get_domains: () => ({ total_count: 1, items: [{ name: 'mg.example.com', state: 'active' }] }),
    send_message: () => ({ id: '<20260101.1@mg.example.com>', message: 'Queued. Thank you.' }),
  },
}).inMemory();

const env = { MAILGUN_API_KEY: 'key-example-not-a-secret', MAILGUN_DOMAIN: 'mg.example.com' }; // checked at once
const logEvent = (event: ClientEvent): void => {
  if (event.type === 'retry') console.log(`  [retry] ${event.tool} attempt ${event.attempt}: ${event.error}`);
  if (event.type === 'call-end') console.log(`  [end] ${event.tool}: ${event.outcome}, ${event.attempts} attempt(s)`);
};

// 'default': three attempts for reads, one for sends; its 1-8 s waits shortened for the demo.
const mail = createMailgunClient({ env, connect: () => server.transport(), policy: { baseDelay: 20, maxDelay: 100 } });
mail.on('event', logEvent);

// Mailgun answers 503 twice, inside a *successful* MCP result: the classifier reads it.
server.setFault('get_domains', { type: 'fail-first', count: 2, fault: mailgunFaults.error(503) });
const domains = await mail.call('get_domains', {});
console.log(`get_domains: ${JSON.stringify(domains.structuredContent)}`);

const message = { from_email: 'hello@mg.example.com', to: 'ada@example.com', subject: 'Hi', text: 'Hello!' };
await mail.call('send_message', message);
server.setFault('send_message', mailgunFaults.error(503));
try {
  await mail.call('send_message', message); // unsafe: a 503 after sending is not re-sent
} catch (error: unknown) {
  console.log(`send_message failed once, not re-sent: ${error instanceof Error ? error.message : String(error)}`);
}
console.log(`sends that reached the server: ${server.calls('send_message')}`);

// 'interactive': a user is waiting — one attempt and a short timeout, whatever the tool.
const quick = createMailgunClient({ env, connect: () => server.transport(), preset: 'interactive' });
quick.on('event', logEvent);
server.setFault('get_domains', { type: 'fail-first', count: 1, fault: mailgunFaults.error(503) });
await quick.call('get_domains', {}).catch((error: unknown) => {
  console.log(`interactive get_domains (maxAttempts ${mailgunPresets.interactive.maxAttempts}): ${String(error)}`);
});

console.log('health:', mail.health());
await Promise.all([mail.close(), quick.close()]);
await server.close();
