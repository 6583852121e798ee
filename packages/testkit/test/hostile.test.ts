// The hostile upstream misbehaves in exactly the way each mode says (and answers normally otherwise).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { describe, expect, it } from 'vitest';
import { FORGED_LINE, hostileModes, hostileResponse, hostileStdio, startHostileHttp } from '../src/index.js';

describe('hostile modes (pure)', () => {
  it('every mode answers initialize except no-initialize', () => {
    for (const mode of hostileModes) {
      const out = hostileResponse(mode, { id: 1, method: 'initialize', params: {} }, { echo: '' });
      expect(out.some((line) => line.includes('"serverInfo"'))).toBe(mode !== 'no-initialize');
    }
  });

  it('endless-pages always returns a nextCursor; wrong-ids never answers with the right id', () => {
    expect(JSON.parse(hostileResponse('endless-pages', { id: 2, method: 'tools/list', params: { cursor: '7' } }, { echo: '' })[0] ?? '')).toMatchObject({ result: { nextCursor: '8' } });
    for (const line of hostileResponse('wrong-ids', { id: 3, method: 'tools/call', params: {} }, { echo: '' })) expect((JSON.parse(line) as { id: unknown }).id).not.toBe(3);
  });

  it('multiline-error and echo-headers carry what they should', () => {
    expect(hostileResponse('multiline-error', { id: 4, method: 'tools/call' }, { echo: '' })[0]).toContain(JSON.stringify(`\n${FORGED_LINE}`).slice(1, -1));
    expect(hostileResponse('echo-headers', { id: 5, method: 'tools/call' }, { echo: 'TOKEN-1' })[0]).toContain('TOKEN-1');
  });
});

describe('hostile upstream processes', () => {
  it('stdio: answers as a server, and deep-json really is 5,000 levels deep', async () => {
    const client = new Client({ name: 'test', version: '1' });
    await client.connect(new StdioClientTransport({ ...hostileStdio('deep-json'), stderr: 'ignore' }));
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['echo']);
    const result = await client.callTool({ name: 'echo', arguments: {} });
    let depth = 0;
    for (let node = result.structuredContent as { a?: unknown } | undefined; node?.a !== undefined; node = node.a as { a?: unknown }) depth++;
    expect(depth).toBe(5_000);
    await client.close();
  });

  it('HTTP: echo-headers answers 401 with the request headers in the body', async () => {
    const server = await startHostileHttp('echo-headers');
    const client = new Client({ name: 'test', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers: { Authorization: 'Bearer TOKEN-2' } } }));
    await expect(client.callTool({ name: 'echo', arguments: {} })).rejects.toThrow(/unauthorized: you sent .*TOKEN-2/);
    await client.close();
    await server.close();
  });
});
