import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { MemoryEventStore } from './event-store.js';
import { createConformanceServer } from './server.js';

/**
 * A running conformance target over streamable HTTP.
 *
 * @example const target = await startConformanceHttp(); console.log(target.url);
 */
export interface ConformanceHttpHandle {
  /** `http://127.0.0.1:<port>/mcp` */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

function reply(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}

/**
 * Serves {@link createConformanceServer} over streamable HTTP on 127.0.0.1: one server per
 * session, resumable streams (an event store, `retry` 100 ms), Host/Origin checked against
 * DNS rebinding.
 *
 * @example const target = await startConformanceHttp({ port: 0 }); await target.close();
 */
export async function startConformanceHttp(options: { port?: number } = {}): Promise<ConformanceHttpHandle> {
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  let allowedHosts: string[] = [];
  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (new URL(req.url ?? '/', 'http://127.0.0.1').pathname !== '/mcp') {
      reply(res, 404, 'Not Found');
      return;
    }
    const sessionId = req.headers['mcp-session-id'];
    const existing = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
    if (existing !== undefined) return existing.handleRequest(req, res);
    if (typeof sessionId === 'string') {
      reply(res, 404, 'Session not found');
      return;
    }
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      eventStore: new MemoryEventStore(),
      retryInterval: 100,
      // eslint-disable-next-line @typescript-eslint/no-deprecated
      enableDnsRebindingProtection: true,
      // eslint-disable-next-line @typescript-eslint/no-deprecated
      allowedHosts,
      onsessioninitialized: (id) => {
        sessions.set(id, transport);
      },
    });
    const server = createConformanceServer();
    transport.onclose = () => {
      if (transport.sessionId !== undefined) sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    await transport.handleRequest(req, res);
    if (transport.sessionId === undefined) await server.close();
  };
  const http = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else reply(res, 500, error instanceof Error ? error.message : String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, '127.0.0.1', () => {
      resolve();
    });
  });
  const port = (http.address() as AddressInfo).port;
  allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    port,
    close: async () => {
      await Promise.allSettled([...sessions.values()].map((transport) => transport.close()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => { resolve(); }));
    },
  };
}
