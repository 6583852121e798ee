// 3. MCP server communication: a `ResilientClient` over stdio to a server process that
// crashes. Each attempt after a crash starts a fresh process; two failed calls open the
// breaker, which then fails fast without spawning anything; after the recovery time a
// trial call reconnects and closes it again.
//
//   pnpm --filter @res/examples build && node examples/dist/3-mcp-stdio.js
import { setTimeout as sleep } from 'node:timers/promises';
import { BrokenCircuitError, ResilientClient } from '@res/mcp';
import { stdioServer } from '@res/testkit';

const started = Date.now();
function log(text: string): void {
  console.log(`${String(Date.now() - started).padStart(5)} ms  ${text}`);
}

// A real MCP server in a child process (testkit's), whose faults we switch at run time.
const server = stdioServer();
const client = new ResilientClient({
  name: 'inventory',
  connect: { ...server.connect, stderr: 'ignore' }, // { command, args }: how to spawn it
  preset: 'local',
  policy: { failureThreshold: 2, recoveryTimeout: 500, maxAttempts: 2, baseDelay: 50, jitter: 'none' },
});
client.on('event', (event) => {
  if (event.type === 'connect' || event.type === 'reconnect') log(`${event.type === 'reconnect' ? 'reconnected' : 'connected'} in ${event.durationMs} ms`);
  else if (event.type === 'disconnect') log(`disconnected: ${event.reason}`);
  else if (event.type === 'retry') log(`retry (${event.kind}: ${event.error})`);
  else if (event.type === 'state-change') log(`breaker ${event.from} -> ${event.to}`);
});

async function readItem(n: number): Promise<void> {
  const before = Date.now();
  try {
    const result = await client.callTool('read_item', { id: 'sku-42' }); // read-only: safe to retry
    log(`call ${n}: ok (${result.isError === true ? 'isError' : 'answered'})`);
  } catch (error: unknown) {
    if (error instanceof BrokenCircuitError) log(`call ${n}: failed fast in ${Date.now() - before} ms, nothing spawned`);
    else log(`call ${n}: failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

await readItem(1);
server.setFault('read_item', { type: 'crash' }); // the process exits mid-call from now on
await readItem(2);
await readItem(3);
const spawned = server.pids().length;
await readItem(4);
log(`processes started so far: ${spawned}, after call 4: ${server.pids().length}`);

server.clearFaults(); // the server is fixed; the breaker does not know yet
await sleep(600);
await readItem(5);
const { state, calls, failures, rejections, reconnects } = client.health();
log(`health: ${JSON.stringify({ state, calls, failures, rejections, reconnects })}`);
await client.close(); // ends the child's stdin: it exits
await server.dispose();
