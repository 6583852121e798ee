// 7. Manual circuit control: `isolate()` holds the breaker open during a maintenance window
// (no call reaches the server, and no trial call is let through however long it lasts);
// `reset()` closes it afterwards. State changes are logged from the client's events.
//
//   pnpm --filter @res/examples build && node examples/dist/7-manual-circuit.js
import { setTimeout as sleep } from 'node:timers/promises';
import { IsolatedCircuitError, ResilientClient } from '@res/mcp';
import { createInMemoryServer } from '@res/testkit';

const server = createInMemoryServer();
const client = new ResilientClient({
  name: 'billing',
  connect: () => server.transport(),
  preset: 'local',
  policy: { recoveryTimeout: 200 },
});
client.on('event', (event) => {
  if (event.type === 'state-change') console.log(`  [event] ${event.server}: ${event.from} -> ${event.to}`);
});

async function readInvoice(): Promise<void> {
  try {
    await client.callTool('read_item', { id: 'invoice-7' });
    console.log(`read: ok (server calls so far: ${server.calls('read_item')})`);
  } catch (error: unknown) {
    if (!(error instanceof IsolatedCircuitError)) throw error;
    console.log(`read: rejected, ${error.message} (server calls so far: ${server.calls('read_item')})`);
  }
}

await readInvoice();

console.log('maintenance starts: isolate');
client.breaker.isolate(); // e.g. from an admin endpoint or a deploy script
await readInvoice();
await sleep(300); // longer than recoveryTimeout: an isolated breaker never half-opens by itself
console.log(`after ${client.policy.recoveryTimeout} ms recovery time, state: ${client.breaker.state}`);
await readInvoice();

console.log('maintenance over: reset');
client.breaker.reset(); // closed, counts cleared
await readInvoice();
console.log(`breaker stats: ${JSON.stringify(client.breaker.stats())}`);
await client.close();
await server.close();
