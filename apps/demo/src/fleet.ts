/**
 * The fleet: for each server, a fake of it as a real child process over stdio and its
 * adapter's client pointed at that child.
 */
import type { ServerPolicy, ToolPolicy } from '@res/mcp';
import { fakeServer, type StdioServerHandle } from '@res/testkit';
import type { DemoClient, DemoServer } from './servers/types.js';

/** One server of the run. */
export interface Member {
  readonly server: DemoServer;
  readonly fake: StdioServerHandle;
  readonly client: DemoClient;
}

/**
 * Describes each fake and builds each client; nothing is spawned until the first call.
 *
 * @example const fleet = createFleet(selectServers(), compressedPolicy(25_000));
 */
export function createFleet(servers: readonly DemoServer[], policy: Partial<ServerPolicy>): Member[] {
  const members: Member[] = [];
  try {
    for (const server of servers) {
      const fake = fakeServer(server.catalog, { name: server.name, results: server.results, latencyMs: server.latencyMs }).stdio();
      members.push({ server, fake, client: server.create({ env: { ...server.env }, connect: { ...fake.connect, stderr: 'ignore' }, policy, tools: toolPolicies(server, policy) }) });
    }
  } catch (error: unknown) {
    void Promise.all(members.map((member) => member.fake.dispose()));
    throw error;
  }
  return members;
}

/** Per tool: the compressed timeout (catalogs set up to 60 s for some tools), and the stale cache for `cached` reads. */
function toolPolicies(server: DemoServer, policy: Partial<ServerPolicy>): Record<string, ToolPolicy> {
  const tools: Record<string, ToolPolicy> = {};
  for (const { tool } of server.workload) {
    tools[tool] = { ...(policy.timeout === undefined ? {} : { timeout: policy.timeout }), ...(server.cached.includes(tool) ? { fallback: 'cache' } : {}) };
  }
  return tools;
}

/**
 * Spawns every child and opens every session (a `tools/list` each), so the timeline starts
 * with the fleet up.
 *
 * @example await warmUp(fleet);
 */
export async function warmUp(members: readonly Member[]): Promise<void> {
  await Promise.all(
    members.map(async ({ server, client }) => {
      try {
        await client.listTools();
      } catch (error: unknown) {
        throw new Error(`${server.name}: the fake server did not start: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    }),
  );
}

/**
 * Closes every client (each child exits when its stdin ends), then disposes every fake
 * (any child still alive is killed, temp files removed). Returns the child pids still alive
 * afterwards: none, unless something went wrong.
 *
 * @example const left = await shutDown(fleet); // []
 */
export async function shutDown(members: readonly Member[]): Promise<number[]> {
  await Promise.allSettled(members.map((member) => member.client.close()));
  await Promise.allSettled(members.map((member) => member.fake.dispose()));
  return members.flatMap((member) => member.fake.alivePids());
}
