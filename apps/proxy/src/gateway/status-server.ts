import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Unsubscribe } from '@res/core';
import type { Logger } from '../log.js';
import { gatewayMetrics } from './metrics.js';
import type { Registry } from './registry.js';
import { rowsHtml, STATUS_SCRIPT, statusPage } from './status-page.js';
import { statusRows, type StatusRow } from './status-rows.js';

/** What the status page shows: rows, and a signal when they may have changed (a gateway's registry, the demo's fleet). */
export interface StatusSource {
  rows(): StatusRow[];
  onChange(listener: () => void): Unsubscribe;
}

/**
 * A gateway registry as a status source.
 *
 * @example const source = registrySource(registry);
 */
export function registrySource(registry: Registry): StatusSource {
  return { rows: () => statusRows(registry.health(), Date.now()), onChange: (listener) => registry.on('status', listener) };
}

function sourceOf(from: Registry | StatusSource): StatusSource {
  return 'onChange' in from ? from : registrySource(from);
}

/** Options of {@link statusHandler} and {@link startStatusServer}. */
export interface StatusServerOptions {
  port: number;
  host?: string;
  logger: Logger;
  /** Ms between updates sent to an open page even when nothing happened (countdowns, latency). [1_000] */
  tick?: number;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** DNS rebinding: a page served on loopback answers only requests addressed to loopback. */
function hostAllowed(request: IncomingMessage, bound: string): boolean {
  if (!LOOPBACK_HOSTS.has(bound) && bound !== '::1') return true;
  const host = (request.headers.host ?? '').replace(/:\d+$/, '');
  return LOOPBACK_HOSTS.has(host);
}

function sse(source: StatusSource, request: IncomingMessage, response: ServerResponse, tick: number): void {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
  let queued: ReturnType<typeof setTimeout> | undefined;
  const send = (): void => {
    queued = undefined;
    const html = rowsHtml(source.rows());
    response.write(`event: rows\n${html.split('\n').map((line) => `data: ${line}`).join('\n')}\n\n`);
  };
  // Bursts of events (a workload's calls) become at most one update per 100 ms.
  const soon = (): void => {
    queued ??= setTimeout(send, 100);
  };
  send();
  const stop = source.onChange(soon);
  const timer = setInterval(send, tick);
  timer.unref();
  request.on('close', () => {
    stop();
    clearInterval(timer);
    clearTimeout(queued);
  });
}

/**
 * Readiness for `/readyz`: not ready while any server's breaker is open or a server is misconfigured.
 *
 * @example const { ready, detail } = readiness(registrySource(registry));
 */
export function readiness(source: StatusSource): { ready: boolean; detail: string } {
  const down = source.rows().filter((row) => row.state === 'open' || row.state === 'misconfigured').map((row) => row.name);
  return down.length === 0 ? { ready: true, detail: 'ready' } : { ready: false, detail: `not ready: ${down.join(', ')}` };
}

/**
 * The status page's own paths, for any HTTP server: `/` (the page), `/status.js`, `/events`
 * (SSE), `/status.json` and `/metrics` (Prometheus text). Returns false for other paths.
 *
 * @example const routes = statusRoutes(registry); if (!routes(path, req, res)) notFound(res);
 */
export function statusRoutes(from: Registry | StatusSource, options: { tick?: number } = {}): (path: string, request: IncomingMessage, response: ServerResponse) => boolean {
  const source = sourceOf(from);
  const tick = options.tick ?? 1_000;
  return (path, request, response) => {
    switch (path) {
      case '/':
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(statusPage(source.rows()));
        return true;
      case '/status.js':
        response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(STATUS_SCRIPT);
        return true;
      case '/events':
        sse(source, request, response, tick);
        return true;
      case '/status.json':
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ servers: source.rows() }));
        return true;
      case '/metrics':
        response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(gatewayMetrics(source.rows()));
        return true;
      default:
        return false;
    }
  };
}

/**
 * The HTTP handler of the status port: {@link statusRoutes} plus `/healthz` and `/readyz` (503
 * while any server's breaker is open or a server is misconfigured, as JSON).
 *
 * @example createServer(statusHandler(registry, { port: 0, logger })).listen(8080, '127.0.0.1');
 */
export function statusHandler(from: Registry | StatusSource, options: StatusServerOptions): (request: IncomingMessage, response: ServerResponse) => void {
  const source = sourceOf(from);
  const bound = options.host ?? '127.0.0.1';
  const routes = statusRoutes(source, options);
  return (request, response) => {
    if (!hostAllowed(request, bound)) {
      response.writeHead(403, { 'content-type': 'text/plain' }).end('forbidden host\n');
      return;
    }
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (routes(path, request, response)) return;
    if (path === '/healthz') {
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    } else if (path === '/readyz') {
      const { ready, detail } = readiness(source);
      const down = ready ? [] : detail.replace(/^not ready: /, '').split(', ');
      response.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ ready, notReady: down }));
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    }
  };
}

/**
 * Serves the status page on its own port (`--status-port`); resolves with its URL and the stop function.
 *
 * @example const { url, stop } = await startStatusServer(registry, { port: 8080, logger }); // later: await stop()
 */
export async function startStatusServer(from: Registry | StatusSource, options: StatusServerOptions): Promise<{ url: string; stop: () => Promise<void> }> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer(statusHandler(from, options));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
  options.logger.info(`gateway: status page at ${url}`);
  const stop = (): Promise<void> =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => {
        resolve();
      });
    });
  return { url, stop };
}
