/**
 * Streamable HTTP mode on 127.0.0.1: stateful sessions, one transport and one server instance
 * per session, all sharing the fault plan and the ledger. `stop()`/`start()` simulate a server
 * going down and coming back on the same port; `respondWith503` a server that is up but refusing.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { MemoryEventStore } from './conformance/event-store.js';
import { createFaultServer } from './server.js';
import { type ServerControls, type ServerOptions, SharedState } from './state.js';
import type { ToolSpec } from './tools.js';

/**
 * Options of {@link startHttpServer}.
 *
 * @example const options: HttpServerOptions = { port: 0, faults: { '*': { type: 'slow', ms: 100 } } };
 */
export interface HttpServerOptions extends ServerOptions {
  /** Port on 127.0.0.1; `0` (default) picks a free one, kept across `stop()`/`start()`. */
  port?: number;
  /** Answer POSTs with plain JSON instead of an SSE stream (default false, like FastMCP). */
  jsonResponse?: boolean;
  /** Keep every SSE event so a client can resume a dropped stream with `Last-Event-ID` (default false). */
  resumable?: boolean;
}

/**
 * A running streamable-HTTP fault server.
 *
 * @example const server = await startHttpServer(); new StreamableHTTPClientTransport(new URL(server.url));
 */
export interface HttpServerHandle extends ServerControls {
  /** `http://127.0.0.1:<port>/mcp` */
  readonly url: string;
  readonly port: number;
  readonly tools: readonly ToolSpec[];
  /** Sessions currently open. */
  sessions(): number;
  /** Destroys every connection and session and frees the port (clients then get `fetch failed`). */
  stop(): Promise<void>;
  /** Listens again on the same port (old sessions are gone, as after a real restart). */
  start(): Promise<void>;
  /** While on, every request to /mcp gets `503 Service Unavailable`. */
  respondWith503(on: boolean): void;
  /** Stops for good. */
  close(): Promise<void>;
}

function reply(res: ServerResponse, status: number, body: string, type = 'text/plain'): void {
  res.writeHead(status, { 'content-type': type }).end(body);
}

const rpcError = (code: number, message: string): string => JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null });

/**
 * Starts listening and resolves once the port is bound. A `crash` fault stops the server
 * mid-call (all connections destroyed, listener closed) until `start()`.
 *
 * @example const server = await startHttpServer({ faults: { read_item: { type: 'crash' } } }); await server.start();
 */
export async function startHttpServer(options: HttpServerOptions = {}): Promise<HttpServerHandle> {
  const { port: requestedPort = 0, jsonResponse = false, resumable = false, ...serverOptions } = options;
  const state = new SharedState(serverOptions);
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const live = new Set<McpServer>(); // sessions plus servers whose initialize is still in flight
  let unavailable = false;
  let closed = false;
  let port = requestedPort;

  const openSession = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      enableJsonResponse: jsonResponse,
      ...(resumable ? { eventStore: new MemoryEventStore() } : {}),
      onsessioninitialized: (id) => {
        sessions.set(id, transport);
      },
    });
    const server = createFaultServer({
      name: state.name,
      tools: state.tools,
      runtime: { plan: state.plan, ledger: state.ledger, respond: state.respond, crash: () => void stop() },
    });
    live.add(server);
    server.server.onclose = () => {
      live.delete(server);
      if (transport.sessionId !== undefined) sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    await transport.handleRequest(req, res);
    if (transport.sessionId === undefined) await server.close(); // not an initialize: no session to keep
  };

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const sessionId = req.headers['mcp-session-id'];
    const session = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
    if (new URL(req.url ?? '/', 'http://127.0.0.1').pathname !== '/mcp') {
      reply(res, 404, 'Not Found');
    } else if (unavailable) {
      reply(res, 503, 'Service Unavailable');
    } else if (session !== undefined) {
      await session.handleRequest(req, res);
    } else if (typeof sessionId === 'string') {
      reply(res, 404, rpcError(-32001, 'Session not found'), 'application/json');
    } else if (req.method !== 'POST') {
      reply(res, 400, rpcError(-32000, 'Bad Request: no session'), 'application/json');
    } else {
      await openSession(req, res);
    }
  };

  const http = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else reply(res, 500, rpcError(-32603, error instanceof Error ? error.message : String(error)), 'application/json');
    });
  });

  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      http.once('error', reject);
      http.listen(port, '127.0.0.1', () => {
        http.off('error', reject);
        port = (http.address() as AddressInfo).port;
        resolve();
      });
    });

  async function stop(): Promise<void> {
    const closing = new Promise<void>((resolve) => {
      if (!http.listening) {
        resolve();
        return;
      }
      http.close(() => {
        resolve();
      });
    });
    http.closeAllConnections(); // abrupt, like a process that died: no goodbye on any stream
    const open = [...live];
    live.clear();
    sessions.clear();
    await Promise.all(open.map((server) => server.close()));
    await closing;
  }

  await listen();
  const handle: HttpServerHandle = {
    ...state.controls(),
    get url() {
      return `http://127.0.0.1:${port}/mcp`;
    },
    get port() {
      return port;
    },
    tools: state.tools,
    sessions: () => sessions.size,
    stop,
    start: async () => {
      if (closed) throw new Error('This HTTP server was closed');
      if (!http.listening) await listen();
    },
    respondWith503: (on) => {
      unavailable = on;
    },
    close: async () => {
      closed = true;
      await stop();
    },
  };
  return handle;
}
