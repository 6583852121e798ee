import { createInMemoryServer, type FaultPlan, type InMemoryServerHandle, type ToolSpec } from '@res/testkit';
import { ResilientClient, type ResilientClientOptions } from '../src/index.js';

/** Fast numbers so tests do not wait on real backoffs. */
export const fastPolicy = { baseDelay: 1, maxDelay: 2, jitter: 'none', recoveryTimeout: 1_000, failureThreshold: 3, maxAttempts: 3 } as const;

export interface Rig {
  server: InMemoryServerHandle;
  client: ResilientClient;
  /** Transports built so far (one per connection). */
  connections: () => number;
}

/** A ResilientClient on a fresh in-memory testkit server (a new server instance per connection). */
export function inMemoryRig(
  options: { faults?: FaultPlan; tools?: readonly ToolSpec[]; client?: Partial<ResilientClientOptions> } = {},
): Rig {
  const server = createInMemoryServer({
    ...(options.faults === undefined ? {} : { faults: options.faults }),
    ...(options.tools === undefined ? {} : { tools: options.tools }),
  });
  let connections = 0;
  const client = new ResilientClient({
    name: 'test',
    connect: () => {
      connections++;
      return server.transport();
    },
    ...options.client,
    policy: { ...fastPolicy, ...options.client?.policy },
  });
  return { server, client, connections: () => connections };
}

/** Closes a rig. */
export async function closeRig(rig: Rig | undefined): Promise<void> {
  if (rig === undefined) return;
  await rig.client.close();
  await rig.server.close();
}

/** The reason a promise rejected with (fails the test if it resolved). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error: unknown) {
    return error;
  }
  throw new Error('expected a rejection, but the promise resolved');
}
