// Metrics for a resilient MCP client, served on /metrics. Runs as is (`node` after build, or
// through the tests): the MCP server here is @res/testkit's in-memory fake with a fault.
import { ResilientClient } from '@res/mcp';
import { createInMemoryServer } from '@res/testkit';
import { Registry } from 'prom-client';
import { instrument, metricsServer } from '@res/prometheus';

export async function main(): Promise<string> {
  const server = createInMemoryServer({ faults: { read_item: { type: 'fail-first', count: 1, fault: { type: 'crash' } } } });
  const client = new ResilientClient({ name: 'items', connect: () => server.transport(), preset: 'local', policy: { baseDelay: 10 } });

  const registry = new Registry(); // or leave it out: prom-client's global `register`
  const stop = instrument(client, { registry });
  const endpoint = await metricsServer({ registry, port: 0 }); // default 9464 on 127.0.0.1

  await client.callTool('read_item', { id: 'a' }); // crashes once, reconnects, retried: success

  const scrape = await (await fetch(endpoint.url)).text();
  stop();
  await endpoint.close();
  await client.close();
  await server.close();
  return scrape;
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const scrape = await main();
  console.log(scrape.split('\n').filter((line) => line.startsWith('res_') && !line.includes('_bucket')).join('\n'));
}
