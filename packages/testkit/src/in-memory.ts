/**
 * In-memory mode: each `transport()` links a fresh server instance to a fresh client-side
 * transport; all instances share one fault plan and one ledger.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { createFaultServer } from './server.js';
import { type ServerControls, type ServerOptions, SharedState } from './state.js';
import type { ToolSpec } from './tools.js';

/**
 * A fault-injecting server in this process.
 *
 * @example const server = createInMemoryServer(); await client.connect(server.transport());
 */
export interface InMemoryServerHandle extends ServerControls {
  /** The tools served. */
  readonly tools: readonly ToolSpec[];
  /**
   * The client side of a FRESH linked pair, its server side already connected to a fresh
   * server instance. Transports are single use: a client reconnecting needs a new one.
   */
  transport(): Transport;
  /** Closes every server instance (their clients see the connection close). */
  close(): Promise<void>;
}

/**
 * Starts nothing until `transport()` is called. A `crash` fault closes the pair of the
 * instance that received the call (its client sees -32000, then `Not connected`).
 *
 * @example const server = createInMemoryServer({ faults: { read_item: { type: 'fail-first', count: 2, fault: { type: 'fail' } } } });
 */
export function createInMemoryServer(options: ServerOptions = {}): InMemoryServerHandle {
  const state = new SharedState(options);
  const live = new Set<McpServer>();
  let closed = false;

  const transport = (): Transport => {
    if (closed) throw new Error('This in-memory server was closed');
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const server: McpServer = createFaultServer({
      name: state.name,
      tools: state.tools,
      runtime: {
        plan: state.plan,
        ledger: state.ledger,
        respond: state.respond,
        crash: () => void server.close(),
      },
    });
    live.add(server);
    server.server.onclose = () => live.delete(server);
    void server.connect(serverSide);
    return clientSide;
  };

  return {
    ...state.controls(),
    tools: state.tools,
    transport,
    close: async () => {
      closed = true;
      await Promise.all([...live].map((server) => server.close()));
      live.clear();
    },
  };
}
