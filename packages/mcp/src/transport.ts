import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { ConnectOptions } from './types.js';

/** A fresh transport for one connection (SDK transports are single use). */
export async function createTransport(connect: ConnectOptions): Promise<Transport> {
  if (typeof connect === 'function') return connect();
  if ('command' in connect) {
    // The SDK adds `env` to its default environment (HOME, PATH, …): credentials must be passed here.
    return new StdioClientTransport({
      command: connect.command,
      ...(connect.args === undefined ? {} : { args: connect.args }),
      ...(connect.env === undefined ? {} : { env: connect.env }),
      ...(connect.cwd === undefined ? {} : { cwd: connect.cwd }),
      stderr: connect.stderr ?? 'inherit',
    });
  }
  return new StreamableHTTPClientTransport(new URL(connect.url), {
    ...(connect.headers === undefined ? {} : { requestInit: { headers: connect.headers } }),
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
