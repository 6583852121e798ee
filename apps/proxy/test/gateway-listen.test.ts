import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startHttpServer, stdioServer, type HttpServerHandle, type StdioServerHandle } from '@res/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './gateway-helpers.js';
import { proxyBin } from './helpers.js';

describe('res-proxy --config gateway.json --listen (the HTTP front)', () => {
  let a: StdioServerHandle;
  let web: HttpServerHandle;
  let child: ChildProcess;
  let url: string;
  const stderr: string[] = [];

  beforeAll(async () => {
    a = stdioServer();
    web = await startHttpServer({ port: 0 });
    const config = join(mkdtempSync(join(tmpdir(), 'res-gw-')), 'gateway.json');
    writeFileSync(config, JSON.stringify({ mcpServers: { a: a.connect, web: { url: web.url }, broken: { command: 'x', res: { server: 'nope' } } } }));
    child = spawn(process.execPath, [proxyBin, '--config', config, '--listen', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    url = await eventually(() => {
      const match = /serving 3 server\(s\) on (http:\/\/127\.0\.0\.1:\d+\/mcp); status page at http:\/\/127\.0\.0\.1:\d+\//.exec(stderr.join(''));
      if (match?.[1] === undefined) throw new Error('not serving yet');
      return match[1];
    });
  });
  afterAll(async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    await Promise.all([a.dispose(), web.close()]);
  });

  it('two host sessions share the servers; the status page, /readyz and /metrics on the same port', async () => {
    const hosts = await Promise.all([1, 2].map(async () => {
      const host = new Client({ name: 'host', version: '1.0.0' });
      await host.connect(new StreamableHTTPClientTransport(new URL(url)));
      return host;
    }));
    try {
      for (const host of hosts) {
        await eventually(async () => {
          const names = (await host.listTools()).tools.map((tool) => tool.name);
          expect(names).toEqual(expect.arrayContaining(['a__read_item', 'web__read_item', 'res_health']));
        });
        expect((await host.callTool({ name: 'a__read_item', arguments: { id: '1' } })).isError).not.toBe(true);
      }
      expect(a.pids()).toHaveLength(1); // one server process for both sessions
      const base = url.replace(/mcp$/, '');
      const page = await (await fetch(base)).text();
      expect(page).toContain('<tr data-server="a" data-state="closed">');
      expect(page).toContain('<tr data-server="broken" data-state="misconfigured">');
      const ready = await fetch(new URL('readyz', base));
      expect(ready.status).toBe(503);
      expect(await ready.text()).toBe('not ready: broken\n');
      expect(await (await fetch(new URL('metrics', base))).text()).toContain('res_gateway_calls_total{server="a"} 2');
      const events = await fetch(new URL('events', base));
      expect(events.headers.get('content-type')).toBe('text/event-stream');
      const reader = events.body?.getReader();
      const first = await reader?.read();
      expect(new TextDecoder().decode(first?.value as Uint8Array | undefined)).toMatch(/^event: rows\ndata: <tr data-server="a"/);
      await reader?.cancel();
    } finally {
      await Promise.all(hosts.map((host) => host.close()));
    }
  });
});
