import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { ResilientClient } from '@res/mcp';
import { allowedHostnames, bearerAllowed, hostAllowed } from './http-guard.js';
import type { Logger } from './log.js';
import { MemoryEventStore } from './relay/event-store.js';

/** One host session: its proxy server and, unless it shares servers (the gateway), its own upstream client. */
export interface FrontSession {
  readonly upstream?: ResilientClient;
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  readonly server: Server;
}

/** Options of {@link startHttpFront}. */
export interface HttpFrontOptions {
  /** Address to bind. [127.0.0.1] */
  host?: string;
  /** Port; 0 picks a free one. */
  port: number;
  /** When set, every request to `/mcp` needs `Authorization: Bearer <token>`. */
  authToken?: string;
  logger: Logger;
  /** Builds the upstream and proxy server of a new host session (stdio servers are single-client). */
  session(): FrontSession;
  /** Answers `/readyz` (default: no session's upstream breaker is open). */
  ready?: () => { ready: boolean; detail: string };
  /** Serves other paths (the gateway's status page); returns false for a path that is not its own. */
  routes?: (path: string, req: IncomingMessage, res: ServerResponse) => boolean;
}

/**
 * A running HTTP front.
 *
 * @example const front = await startHttpFront({ port: 0, logger, session }); console.log(front.url);
 */
export interface HttpFront {
  /** `http://HOST:PORT/mcp` */
  readonly url: string;
  readonly port: number;
  /** Host sessions open now. */
  sessions(): number;
  /** Closes every session (and its upstream) and the listener. */
  close(): Promise<void>;
}

function reply(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end(body);
}

/** Ready while no session's upstream breaker is open. */
function upstreamsReady(upstreams: readonly (ResilientClient | undefined)[]): { ready: boolean; detail: string } {
  const open = upstreams.filter((upstream) => upstream?.breaker.state === 'open').map((upstream) => upstream?.name ?? '');
  return open.length === 0 ? { ready: true, detail: 'ready' } : { ready: false, detail: `not ready: breaker open for ${[...new Set(open)].join(', ')}` };
}

const rpcError = (message: string): string => JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null });

/**
 * Serves res-proxy over streamable HTTP: the MCP endpoint at `/mcp` (one upstream session per
 * host session, closed with it; resumable SSE streams), `/healthz` (the process is up) and
 * `/readyz` (no upstream breaker is open). Host and Origin are checked against DNS rebinding;
 * with `authToken`, a bearer token is required.
 *
 * @example const front = await startHttpFront({ port: 8808, logger, session: () => newSession() });
 */
export async function startHttpFront(options: HttpFrontOptions): Promise<HttpFront> {
  const host = options.host ?? '127.0.0.1';
  const allowed = allowedHostnames(host);
  const sessions = new Map<string, { transport: StreamableHTTPServerTransport; session: FrontSession }>();

  const open = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const session = options.session();
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      eventStore: new MemoryEventStore(),
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, session });
      },
    });
    transport.onclose = () => {
      if (transport.sessionId !== undefined) sessions.delete(transport.sessionId);
      void session.upstream?.close();
    };
    await session.server.connect(transport);
    await transport.handleRequest(req, res);
    if (transport.sessionId === undefined) await Promise.allSettled([session.server.close(), session.upstream?.close() ?? Promise.resolve()]);
  };

  const mcp = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (options.authToken !== undefined && !bearerAllowed(req, options.authToken)) {
      reply(res, 401, 'Unauthorized', { 'www-authenticate': 'Bearer' });
      return;
    }
    const sessionId = req.headers['mcp-session-id'];
    const existing = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
    if (existing !== undefined) await existing.transport.handleRequest(req, res);
    else if (typeof sessionId === 'string') reply(res, 404, rpcError('Session not found'), { 'content-type': 'application/json' });
    else if (req.method !== 'POST') reply(res, 400, rpcError('Bad Request: no session'), { 'content-type': 'application/json' });
    else await open(req, res);
  };

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!hostAllowed(req, allowed)) {
      reply(res, 403, 'Forbidden: Host or Origin not allowed');
      return;
    }
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/mcp') await mcp(req, res);
    else if (path === '/healthz') reply(res, 200, 'ok\n');
    else if (path === '/readyz') {
      const readiness = options.ready?.() ?? upstreamsReady([...sessions.values()].map(({ session }) => session.upstream));
      reply(res, readiness.ready ? 200 : 503, `${readiness.detail}\n`);
    } else if (options.routes?.(path, req, res) !== true) reply(res, 404, 'Not Found');
  };

  const http: HttpServer = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      options.logger.error(`http: ${error instanceof Error ? error.message : String(error)}`);
      if (res.headersSent) res.destroy();
      else reply(res, 500, rpcError('Internal error'), { 'content-type': 'application/json' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const port = (http.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}/mcp`,
    port,
    sessions: () => sessions.size,
    close: async () => {
      const open = [...sessions.values()];
      sessions.clear();
      await Promise.allSettled(open.flatMap(({ transport, session }) => [transport.close(), session.upstream?.close() ?? Promise.resolve()]));
      http.closeAllConnections();
      await new Promise<void>((resolve) => {
        http.close(() => {
          resolve();
        });
      });
    },
  };
}
