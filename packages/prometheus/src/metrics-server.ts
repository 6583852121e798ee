import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { register, type Registry } from 'prom-client';

/** Options of {@link metricsServer}. */
export interface MetricsServerOptions {
  /** The registry served. [prom-client's global `register`] */
  registry?: Registry;
  /** TCP port; 0 picks a free one. [9464] */
  port?: number;
  /** Interface to bind. Loopback by default: metrics say which servers you use. [`'127.0.0.1'`] */
  host?: string;
}

/** A running metrics endpoint. */
export interface MetricsServer {
  /** The port bound (useful with `port: 0`). */
  readonly port: number;
  /** `http://host:port/metrics`. */
  readonly url: string;
  /** The underlying `http.Server`. */
  readonly server: Server;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/**
 * Serves `GET /metrics` (and `HEAD`) from a registry in Prometheus' text format,
 * with the registry's content type. Anything else: 404 (or 405 for other methods).
 * Resolves once listening; rejects if the port cannot be bound.
 *
 * @example const endpoint = await metricsServer({ port: 9464 }); // curl http://127.0.0.1:9464/metrics
 */
export async function metricsServer(options: MetricsServerOptions = {}): Promise<MetricsServer> {
  const registry = options.registry ?? register;
  const port = options.port ?? 9464;
  const host = options.host ?? '127.0.0.1';
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new RangeError(`metricsServer: port must be an integer in [0, 65535], got ${String(port)}`);
  const server = createServer((request, response) => {
    void serve(registry, request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    port: bound,
    url: `http://${shownHost}:${bound}/metrics`,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error === undefined) resolve();
          else reject(error);
        });
        server.closeAllConnections();
      }),
  };
}

async function serve(registry: Registry, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = (request.url ?? '/').split('?', 1)[0];
  if (path !== '/metrics') {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found: try /metrics\n');
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('Method not allowed\n');
    return;
  }
  try {
    const body = await registry.metrics();
    response.writeHead(200, { 'content-type': registry.contentType });
    response.end(request.method === 'HEAD' ? undefined : body);
  } catch (error: unknown) {
    response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`Collecting metrics failed: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}
