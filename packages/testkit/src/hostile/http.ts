/**
 * The hostile upstream over HTTP (a streamable HTTP endpoint at `/mcp` on 127.0.0.1):
 * each POST is answered as one SSE stream, so notifications can come before the
 * answer. `echo-headers` answers 401 with the request's headers in the body, and
 * `huge-error` a 401 with a 20 MB body.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FORGED_LINE, respond, type HostileMode, type RpcIn } from './modes.js';

/** A running hostile HTTP upstream. */
export interface HostileHttp {
  /** `http://127.0.0.1:<port>/mcp`. */
  readonly url: string;
  /** Requests received so far. */
  requests(): number;
  close(): Promise<void>;
}

async function body(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function handle(mode: HostileMode, request: IncomingMessage, response: ServerResponse, text: string): void {
  let message: RpcIn;
  try {
    message = JSON.parse(text) as RpcIn;
  } catch {
    response.writeHead(400).end();
    return;
  }
  const headers = JSON.stringify(request.headers);
  if (message.method === 'tools/call' && mode === 'echo-headers') {
    response.writeHead(401, { 'content-type': 'text/plain' }).end(`unauthorized: you sent ${headers}\n${FORGED_LINE}`);
    return;
  }
  if (message.method === 'tools/call' && mode === 'huge-error') {
    response.writeHead(401, { 'content-type': 'text/plain' }).end(`denied ${'z'.repeat(20 * 1024 * 1024)}\n${FORGED_LINE}`);
    return;
  }
  const out = respond(mode, message, { echo: headers });
  if (message.id === undefined) {
    response.writeHead(202).end();
    return;
  }
  response.writeHead(200, { 'content-type': 'text/event-stream', 'mcp-session-id': 'hostile' });
  for (const line of out) response.write(`event: message\ndata: ${line}\n\n`);
  // `no-initialize` and `wrong-ids` leave the stream open, as a server that never answers would.
  if (out.length > 0 && mode !== 'wrong-ids') response.end();
}

/**
 * Starts a hostile upstream on 127.0.0.1 (a free port).
 *
 * @example const upstream = await startHostileHttp('echo-headers'); new ResilientClient({ name: 'h', connect: { url: upstream.url } });
 */
export async function startHostileHttp(mode: HostileMode): Promise<HostileHttp> {
  let count = 0;
  const open = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    count++;
    open.add(response);
    response.on('close', () => open.delete(response));
    if (request.method !== 'POST') {
      response.writeHead(request.method === 'DELETE' ? 200 : 405).end();
      return;
    }
    body(request).then((text) => {
      handle(mode, request, response, text);
    }, () => {
      response.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    requests: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of open) response.destroy();
        server.close(() => { resolve(); });
      }),
  };
}
