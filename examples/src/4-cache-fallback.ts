// 4. Cache fallback (stale-if-error): a read tool answers from the last good result for the
// same arguments when the call fails, and while the breaker is open — marked stale in
// `_meta['res/stale']`. Arguments never seen before have nothing to fall back on.
//
//   pnpm --filter @res/examples build && node examples/dist/4-cache-fallback.js
import { BrokenCircuitError, ResilientClient } from '@res/mcp';
import { createInMemoryServer } from '@res/testkit';

const server = createInMemoryServer(); // testkit's tools, in this process
const client = new ResilientClient({
  name: 'catalog',
  connect: () => server.transport(),
  preset: 'local',
  policy: { failureThreshold: 1, maxAttempts: 1 }, // open on the first failure, for the demo
  tools: { read_item: { fallback: 'cache' } }, // a read tool: its last good result may be served
});
client.on('event', (event) => {
  if (event.type === 'fallback') console.log(`  fallback from ${event.source} (${event.error})`);
  if (event.type === 'state-change') console.log(`  breaker ${event.from} -> ${event.to}`);
});

async function read(id: string): Promise<void> {
  const sent = server.calls('read_item');
  try {
    const result = await client.callTool('read_item', { id });
    const meta = result._meta ?? {};
    const stale = meta['res/stale'] === true;
    const age = typeof meta['res/cachedAt'] === 'number' ? `, cached ${Date.now() - meta['res/cachedAt']} ms ago` : '';
    const asked = server.calls('read_item') > sent ? 'server asked' : 'server not asked';
    console.log(`read ${id}: ${stale ? 'STALE' : 'fresh'} (${asked}${age})`);
  } catch (error: unknown) {
    const reason = error instanceof BrokenCircuitError ? 'circuit open, nothing cached' : String(error);
    console.log(`read ${id}: rejected (${reason})`);
  }
}

await read('a'); // fresh, and remembered
server.setFault('read_item', { type: 'rpc-error', code: -32603, message: 'database unavailable' });
await read('a'); // fails: served from the cache; the breaker opens
await read('a'); // breaker open: served from the cache without a request
await read('b'); // breaker open and never read before: rejected
console.log(`health: fallbacks ${client.health().fallbacks}, state ${client.health().state}`);
await client.close();
await server.close();
