import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { startHttpServer, stdioServer, type HttpServerHandle, type StdioServerHandle } from '@res/testkit';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './gateway-helpers.js';
import { proxyBin } from './helpers.js';

/** A GET with a chosen Host header (fetch may not set it): DNS rebinding protection. */
function statusWithHost(url: string, host: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { host } }, (response) => {
      response.resume();
      resolve(response.statusCode);
    }).on('error', reject).end();
  });
}

async function gatewayProcess(args: string[]) {
  const stderr: string[] = [];
  const transport = new StdioClientTransport({ command: process.execPath, args: [proxyBin, ...args], stderr: 'pipe' });
  transport.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const host = new Client({ name: 'host', version: '1.0.0' });
  let listChanged = 0;
  host.setNotificationHandler(ToolListChangedNotificationSchema, () => {
    listChanged++;
  });
  await host.connect(transport);
  const statusUrl = await eventually(() => {
    const match = /status page at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stderr.join(''));
    if (match?.[1] === undefined) throw new Error('no status page yet');
    return match[1];
  });
  const names = async () => (await host.listTools()).tools.map((tool) => tool.name);
  return { host, transport, stderr, statusUrl, names, listChanged: () => listChanged };
}

describe('res-proxy --config gateway.json (the bin, stdio front)', () => {
  let a: StdioServerHandle;
  let b: StdioServerHandle;
  let web: HttpServerHandle;
  let config: string;

  beforeAll(async () => {
    a = stdioServer();
    b = stdioServer();
    web = await startHttpServer({ port: 0 });
    config = join(mkdtempSync(join(tmpdir(), 'res-gw-')), 'gateway.json');
  });
  afterAll(async () => {
    await Promise.all([a.dispose(), b.dispose(), web.close()]);
  });

  it('serves every server, the status endpoints, and reloads on a file change and on SIGHUP without touching untouched servers', async () => {
    writeFileSync(config, JSON.stringify({ mcpServers: { a: a.connect, web: { url: web.url } } }));
    const gateway = await gatewayProcess(['--config', config, '--status-port', '0']);
    try {
      await eventually(async () => {
        expect(await gateway.names()).toEqual(expect.arrayContaining(['a__read_item', 'web__read_item', 'res_health']));
      });
      expect((await gateway.host.callTool({ name: 'a__read_item', arguments: { id: '1' } })).isError).not.toBe(true);
      const status = (await (await fetch(new URL('status.json', gateway.statusUrl))).json()) as { servers: { name: string; state: string; calls: number }[] };
      expect(status.servers.map(({ name, state }) => ({ name, state }))).toEqual([{ name: 'a', state: 'closed' }, { name: 'web', state: 'closed' }]);
      expect(status.servers[0]?.calls).toBe(1);
      expect((await fetch(new URL('readyz', gateway.statusUrl))).status).toBe(200);
      expect(await (await fetch(new URL('metrics', gateway.statusUrl))).text()).toContain('res_gateway_calls_total{server="a"} 1');
      expect(await statusWithHost(gateway.statusUrl, 'evil.example')).toBe(403);
      expect(await statusWithHost(gateway.statusUrl, 'localhost')).toBe(200);

      // The file changes: web goes, b comes; a keeps its process and session.
      const changed = gateway.listChanged();
      writeFileSync(config, JSON.stringify({ mcpServers: { a: a.connect, b: b.connect } }));
      await eventually(async () => {
        expect(gateway.listChanged()).toBeGreaterThan(changed);
        const names = await gateway.names();
        expect(names).toContain('b__read_item');
        expect(names).not.toContain('web__read_item');
      });
      expect(a.pids()).toHaveLength(1);
      expect((await gateway.host.callTool({ name: 'b__read_item', arguments: { id: '2' } })).isError).not.toBe(true);

      // SIGHUP re-reads the file: b goes.
      writeFileSync(config, JSON.stringify({ mcpServers: { a: a.connect } }));
      process.kill(gateway.transport.pid ?? 0, 'SIGHUP');
      await eventually(async () => {
        expect((await gateway.names()).some((name) => name.startsWith('b__'))).toBe(false);
      });
      expect(a.pids()).toHaveLength(1);
      expect((await gateway.host.callTool({ name: 'a__read_item', arguments: { id: '3' } })).isError).not.toBe(true);
      expect(gateway.stderr.join('')).toMatch(/gateway: reloaded .*added \[b\], removed \[web\], restarted \[\]/);

      // A broken file is refused; the running servers stay.
      writeFileSync(config, '{"mcpServers": {"a": ');
      process.kill(gateway.transport.pid ?? 0, 'SIGHUP');
      await eventually(() => {
        expect(gateway.stderr.join('')).toMatch(/reload of .* refused, keeping the running servers: .* is not valid JSON/);
      });
      expect((await gateway.host.callTool({ name: 'a__read_item', arguments: { id: '4' } })).isError).not.toBe(true);
    } finally {
      await gateway.host.close();
    }
  });
});
