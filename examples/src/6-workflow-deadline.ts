// 6. Workflow execution: a per-attempt timeout (the client's policy) plus an overall deadline
// for the whole call (the caller's `AbortSignal.timeout`), on a slow tool. The deadline
// ends waits and the request at once, and cancels the server's handler too.
//
//   pnpm --filter @res/examples build && node examples/dist/6-workflow-deadline.js
import { ResilientClient } from '@res/mcp';
import { createInMemoryServer } from '@res/testkit';

const started = Date.now();
function log(text: string): void {
  console.log(`${String(Date.now() - started).padStart(5)} ms  ${text}`);
}

// One idempotent tool: running the same workflow run twice does no harm, so it may be retried.
const server = createInMemoryServer({
  tools: [{ name: 'run_workflow', annotations: { idempotentHint: true, destructiveHint: false }, result: { status: 'completed' } }],
});
const client = new ResilientClient({
  name: 'workflows',
  connect: () => server.transport(),
  preset: 'workflow',
  policy: { timeout: 300, maxAttempts: 4, backoff: 'exponential', baseDelay: 50, jitter: 'none' }, // per attempt
});
client.on('event', (event) => {
  if (event.type === 'retry') log(`  attempt ${event.attempt} failed (${event.kind}); retry in ${event.delayMs} ms`);
});

async function run(deadlineMs: number): Promise<void> {
  const before = Date.now();
  const cancelled = server.aborts('run_workflow');
  try {
    // The caller's deadline for everything: attempts, backoff waits, reconnects.
    const result = await client.callTool('run_workflow', { run: 'nightly-42' }, { signal: AbortSignal.timeout(deadlineMs) });
    log(`completed: ${JSON.stringify(result.structuredContent)} in ${Date.now() - before} ms`);
  } catch (error: unknown) {
    // An abort rejects with the signal's reason: here the DOMException named 'TimeoutError'.
    const name = error instanceof Error ? error.name : typeof error;
    log(`deadline of ${deadlineMs} ms reached after ${Date.now() - before} ms (${name}); server handlers cancelled: ${server.aborts('run_workflow') - cancelled}`);
  }
}

// The first attempt hangs past the per-attempt timeout; the retry is quick.
server.setFault('run_workflow', { type: 'fail-first', count: 1, fault: { type: 'slow', ms: 5_000 } });
await run(2_000);

// Every attempt is too slow: the overall deadline ends the call before attempts run out.
server.setFault('run_workflow', { type: 'slow', ms: 5_000 });
await run(1_000);
// Aborting is the caller's decision, not the server's failure: the breaker does not count it.
const { state, failures, retries } = client.health();
log(`health: breaker ${state}, ${failures} failures, ${retries} retries`);
await client.close();
await server.close();
