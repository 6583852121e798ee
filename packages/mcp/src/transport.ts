import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { LeanStdioClientTransport } from './stdio-transport.js';
import type { ConnectOptions } from './types.js';

/** A fresh transport for one connection (SDK transports are single use). */
export async function createTransport(connect: ConnectOptions): Promise<Transport> {
  if (typeof connect === 'function') return connect();
  if ('command' in connect) {
    // The SDK adds `env` to its default environment (HOME, PATH, …): credentials must be passed here.
    return new LeanStdioClientTransport({
      command: connect.command,
      ...(connect.args === undefined ? {} : { args: connect.args }),
      ...(connect.env === undefined ? {} : { env: connect.env }),
      ...(connect.cwd === undefined ? {} : { cwd: connect.cwd }),
      // 'inherit' is piped and forwarded, so the last lines can be quoted when the process exits.
      stderr: connect.stderr === 'ignore' ? 'ignore' : 'pipe',
    });
  }
  const { requestInit, headers } = connect;
  const init = headers === undefined ? requestInit : { ...requestInit, headers: { ...headersOf(requestInit?.headers), ...headers } };
  return new StreamableHTTPClientTransport(new URL(connect.url), {
    ...(init === undefined ? {} : { requestInit: init }),
    ...(connect.authProvider === undefined ? {} : { authProvider: connect.authProvider }),
    ...(connect.fetch === undefined ? {} : { fetch: connect.fetch }),
  });
}

/** Where a connection goes, for messages: the command's base name or the URL's origin, never env or headers. */
export function describeConnect(connect: ConnectOptions): string {
  if (typeof connect === 'function') return 'a custom transport';
  if ('command' in connect) return `stdio ${connect.command.split(/[\\/]/).pop() ?? connect.command}`;
  try {
    const url = new URL(connect.url);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return 'an HTTP server';
  }
}

function headersOf(headers: RequestInit['headers']): Record<string, string> {
  return headers === undefined ? {} : Object.fromEntries(new Headers(headers).entries());
}

/**
 * Checks the SDK pass-through options of an HTTP `connect` (`authProvider`, `requestInit`, `fetch`).
 *
 * @example validateHttpExtras('ResilientClient "api": connect', { url, fetch: myFetch });
 */
export function validateHttpExtras(where: string, connect: ConnectOptions): void {
  if (typeof connect === 'function' || !('url' in connect)) return;
  if (connect.fetch !== undefined && typeof connect.fetch !== 'function') throw new TypeError(`${where}.fetch must be a function`);
  if (connect.requestInit !== undefined && (typeof connect.requestInit !== 'object' || (connect.requestInit as unknown) === null)) {
    throw new TypeError(`${where}.requestInit must be an object (a fetch RequestInit)`);
  }
  const provider = connect.authProvider as unknown;
  if (provider !== undefined && (typeof provider !== 'object' || provider === null || typeof (provider as { tokens?: unknown }).tokens !== 'function')) {
    throw new TypeError(`${where}.authProvider must be an OAuthClientProvider (an object with tokens(), …)`);
  }
}
