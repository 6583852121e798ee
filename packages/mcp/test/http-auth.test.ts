import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ResilientClient } from '../src/index.js';

let server: Server | undefined;
const clients: ResilientClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  const closing = server;
  server = undefined;
  if (closing !== undefined) await new Promise((resolve) => closing.close(resolve));
});

/** An HTTP endpoint that refuses every request with `status`, recording the Authorization header it got. */
async function refusing(status: number, seen: (string | undefined)[]): Promise<string> {
  server = createServer((req, res) => {
    seen.push(req.headers.authorization);
    res.writeHead(status, { 'content-type': 'text/plain' }).end('no');
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
}

describe('HTTP connect: requestInit, fetch, and 401/403 as caller errors', () => {
  it.each([401, 403])('HTTP %i is kind caller with the code: not retried, not a breaker failure', async (status) => {
    const seen: (string | undefined)[] = [];
    const url = await refusing(status, seen);
    let fetches = 0;
    const client = new ResilientClient({
      name: 'api', preset: 'local', policy: { maxAttempts: 3 },
      connect: { url, requestInit: { headers: { authorization: 'Bearer from-request-init' } }, fetch: (input, init) => { fetches++; return fetch(input, init); } },
      tools: { read: { safety: 'read' } },
    });
    clients.push(client);
    await expect(client.callTool('read')).rejects.toMatchObject({ kind: 'caller', code: status });
    expect(client.breaker.stats().failures).toBe(0);
    expect(seen).toEqual(['Bearer from-request-init']); // one request, through our fetch, with our header
    expect(fetches).toBe(1);
  });

  it('headers win over requestInit.headers; a bad authProvider or fetch is refused at construction', async () => {
    const seen: (string | undefined)[] = [];
    const url = await refusing(401, seen);
    const client = new ResilientClient({ name: 'api', connect: { url, headers: { authorization: 'Bearer from-headers' }, requestInit: { headers: { authorization: 'Bearer x' } } } });
    clients.push(client);
    await expect(client.ping()).rejects.toMatchObject({ kind: 'caller' });
    expect(seen).toEqual(['Bearer from-headers']);
    expect(() => new ResilientClient({ name: 'api', connect: { url, authProvider: {} as never } })).toThrow(/connect\.authProvider must be an OAuthClientProvider/);
    expect(() => new ResilientClient({ name: 'api', connect: { url, fetch: 'yes' as never } })).toThrow(/connect\.fetch must be a function/);
  });
});
