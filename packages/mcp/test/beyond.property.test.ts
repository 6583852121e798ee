import { createInMemoryServer, type Fault } from '@res/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ResilientClient, type ServerPolicy, type ToolPolicy } from '../src/index.js';
import { fastPolicy } from './helpers.js';

/** Faults an unsafe call may meet after its request reached the server (never `hang`: every call must end). */
const FAULTS: readonly Fault[] = [
  { type: 'ok' },
  { type: 'fail' },
  { type: 'rpc-error', code: -32603 },
  { type: 'crash' },
  { type: 'slow', ms: 15 },
  { type: 'slow', ms: 15, then: { type: 'rpc-error', code: -32603 } },
];

const policies = fc.record(
  {
    retryBudget: fc.constantFrom<NonNullable<ServerPolicy['retryBudget']>>(false, { ratio: 1, minPerSecond: 100 }, { ratio: 0.01, minPerSecond: 0 }),
    hedge: fc.constantFrom<NonNullable<ServerPolicy['hedge']>>(false, { delay: 0, maxHedges: 3 }, { delay: 5, maxHedges: 1 }),
    concurrency: fc.constantFrom<NonNullable<ServerPolicy['concurrency']>>('adaptive', { algorithm: 'aimd', initial: 2, max: 4, queue: 8 }),
    throttle: fc.constant<NonNullable<ServerPolicy['throttle']>>({ k: 2 }),
    chaos: fc.constantFrom<NonNullable<ServerPolicy['chaos']>>({ latency: { rate: 0.5, ms: 2 } }, { fault: { rate: 0.3 } }),
  },
  { requiredKeys: [] },
);

describe('property: an unsafe tool is never hedged or re-sent, whatever the policies beyond retry say', () => {
  it('the handler runs at most once per call (never when chaos failed it first), through MCP', async () => {
    await fc.assert(
      fc.asyncProperty(
        policies,
        fc.constantFrom<ToolPolicy | undefined>(undefined, { safety: 'unsafe', hedge: { delay: 0, maxHedges: 2 } }),
        fc.array(fc.constantFrom(...FAULTS), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        async (policy, tool, faults, listFirst) => {
          const server = createInMemoryServer();
          const client = new ResilientClient({
            name: 'prop',
            connect: () => server.transport(),
            policy: { ...fastPolicy, failureThreshold: 100, ...policy },
            ...(tool === undefined ? {} : { tools: { send_item: tool } }),
          });
          try {
            if (listFirst) await client.listTools(); // annotations known before the first call
            let sent = 0;
            for (const fault of faults) {
              server.setFault('send_item', fault);
              const before = server.calls('send_item');
              await client.callTool('send_item', {}).catch(() => undefined);
              const ran = server.calls('send_item') - before;
              expect(ran).toBeLessThanOrEqual(1);
              sent += ran;
            }
            expect(client.health().retries).toBe(0);
            expect(client.health().hedges?.sent ?? 0).toBe(0);
            expect(server.calls('send_item')).toBe(sent);
          } finally {
            await client.close();
            await server.close();
          }
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);
});
