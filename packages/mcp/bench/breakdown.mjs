// What the ResilientClient overhead is made of: the raw SDK call wrapped in progressively
// more of what ResilientClient.callTool does, each compared with the raw call in interleaved
// pairs (median of per-pair CPU-time ratios, which an A/A run puts at 1.00).
//
//   node --expose-gc bench/breakdown.mjs [--pairs 1000] [--batch 50]
import console from 'node:console';
import process from 'node:process';
import { parseArgs } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { CircuitBreaker, RetryPolicy } from '@res/core';
import { createInMemoryServer } from '@res/testkit';
import { ResilientClient } from '../dist/index.js';

const { values: args } = parseArgs({ options: { pairs: { type: 'string', default: '1000' }, batch: { type: 'string', default: '50' } } });
const pairs = Number(args.pairs);
const batch = Number(args.batch);
const params = { name: 'read_item', arguments: { id: '1' } };

/** Each variant: given a connected SDK client (or a server for ResilientClient), one call. */
const variants = {
  'raw again (A/A)': async ({ client }) => () => client.callTool(params),
  'async wrapper': async ({ client }) => {
    const wrapped = async (p) => {
      try {
        return await client.callTool(p, undefined, { timeout: 30_000 });
      } finally {
        Date.now();
      }
    };
    return () => wrapped(params);
  },
  'core breaker + retry': async ({ client }) => {
    const breaker = new CircuitBreaker({ failureThreshold: 5 });
    const retry = new RetryPolicy({ maxAttempts: 3, retryOn: () => false });
    return () => breaker.execute(() => retry.execute(() => client.callTool(params, undefined, { timeout: 30_000 })));
  },
  'ResilientClient': async ({ server }) => {
    const res = new ResilientClient({ name: 'bench', connect: () => server.transport() });
    await res.callTool('read_item', params.arguments);
    return () => res.callTool('read_item', params.arguments);
  },
};

const cpu = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};
const loop = async (call) => {
  for (let i = 0; i < batch; i++) await call();
};

console.log(`Node ${process.version}; ${pairs} pairs of ${batch} calls per variant; median of per-pair CPU-time ratios to the raw SDK call`);
for (const [name, make] of Object.entries(variants)) {
  const ratios = [];
  for (let done = 0; done < pairs; ) {
    const rawServer = createInMemoryServer();
    const server = createInMemoryServer();
    const raw = new Client({ name: 'bench', version: '1.0.0' });
    await raw.connect(rawServer.transport());
    await raw.listTools();
    const client = new Client({ name: 'bench', version: '1.0.0' });
    await client.connect(server.transport());
    await client.listTools();
    const variant = await make({ client, server });
    const base = () => raw.callTool(params);
    await loop(base);
    await loop(variant);
    for (let chunk = 0; chunk < 250 && done < pairs; chunk++, done++) {
      const t = [0, 0];
      for (const side of done % 2 === 0 ? [0, 1] : [1, 0]) {
        const t0 = cpu();
        await loop(side === 0 ? base : variant);
        t[side] = cpu() - t0;
      }
      if (t[0] > 0) ratios.push(t[1] / t[0]);
    }
    await Promise.all([raw.close(), client.close(), rawServer.close(), server.close()]);
  }
  ratios.sort((a, b) => a - b);
  const q = (p) => ratios[Math.floor(p * (ratios.length - 1))].toFixed(3);
  console.log(`  ${name.padEnd(22)} ${q(0.5)}x   quartiles ${q(0.25)}-${q(0.75)}`);
}
