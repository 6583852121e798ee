import { startHttpServer, stdioServer, type HttpServerHandle, type StdioServerHandle } from '@res/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, inProcessGateway, textOf } from './gateway-helpers.js';

describe('gateway: several servers behind one endpoint', () => {
  let a: StdioServerHandle;
  let b: StdioServerHandle;
  let web: HttpServerHandle;
  let late: HttpServerHandle;
  let gateway: Awaited<ReturnType<typeof inProcessGateway>>;

  beforeAll(async () => {
    a = stdioServer();
    b = stdioServer();
    web = await startHttpServer({ port: 0 });
    late = await startHttpServer({ port: 0 });
    await late.stop(); // missing at start
    gateway = await inProcessGateway(
      {
        a: { command: a.connect.command, args: a.connect.args, res: { preset: 'local' } },
        b: { command: b.connect.command, args: b.connect.args, res: { preset: 'local' } },
        web: { url: web.url },
        late: { url: late.url, res: { policy: { maxAttempts: 1 } } },
        broken: { command: 'x', res: { preset: 'no-such-preset' } },
        typo: { comand: 'x' },
      },
      { supervision: { baseDelay: 1_000, maxDelay: 1_000, stableAfter: 5_000 } },
    );
  });
  afterAll(async () => {
    await gateway.close();
    await Promise.all([a.dispose(), b.dispose(), web.close(), late.close()]);
  });

  it('lists every live server’s tools as <server>__<tool> without waiting on the missing or broken ones', async () => {
    const names = await eventually(async () => {
      const list = await gateway.toolNames();
      expect(list).toContain('a__read_item');
      expect(list).toContain('b__read_item');
      expect(list).toContain('web__read_item');
      return list;
    });
    expect(names).toContain('res_health');
    expect(names.some((name) => name.startsWith('late__') || name.startsWith('broken__'))).toBe(false);
  });

  it('routes each call to its server', async () => {
    for (const server of ['a', 'b', 'web']) {
      const result = await gateway.host.callTool({ name: `${server}__read_item`, arguments: { id: server } });
      expect(result.isError).not.toBe(true);
    }
    expect(a.calls('read_item')).toBe(1);
    expect(b.calls('read_item')).toBe(1);
    expect(web.calls('read_item')).toBe(1);
    await expect(gateway.host.callTool({ name: 'nobody__read_item', arguments: {} })).rejects.toThrow(/Unknown tool: nobody__read_item/);
  });

  it('one res_health for every server, misconfigured ones with their problems (no values)', async () => {
    const report = JSON.parse(textOf(await gateway.host.callTool({ name: 'res_health', arguments: {} }))) as { servers: { name: string; supervisor: string; problems?: string[] }[] };
    expect(report.servers.map((server) => server.name)).toEqual(['a', 'b', 'web', 'late', 'broken', 'typo']);
    expect(report.servers.find((server) => server.name === 'typo')).toMatchObject({ supervisor: 'misconfigured', problems: ['mcpServers.typo: needs "command" (a stdio server) or "url" (an HTTP server)'] });
    expect(report.servers.find((server) => server.name === 'broken')?.problems?.[0]).toMatch(/preset/);
    expect(report.servers.find((server) => server.name === 'late')?.supervisor).toMatch(/backoff|starting|idle/);
  });

  it('kill -9 of one server: the others keep answering; its tools stay listed, answer "unavailable", and it comes back', async () => {
    const [pid] = a.alivePids();
    expect(pid).toBeDefined();
    process.kill(pid ?? 0, 'SIGKILL');
    await eventually(() => {
      expect(gateway.registry.get('a')?.supervisor?.status().state).toBe('backoff');
    });
    const refused = await gateway.host.callTool({ name: 'a__read_item', arguments: { id: '1' } });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/^a is unavailable \(restarting after an exit\): next try in 1 s$/);
    expect(await gateway.toolNames()).toContain('a__read_item');
    expect((await gateway.host.callTool({ name: 'b__read_item', arguments: { id: '2' } })).isError).not.toBe(true);
    expect((await gateway.host.callTool({ name: 'web__read_item', arguments: { id: '3' } })).isError).not.toBe(true);
    await eventually(async () => {
      const result = await gateway.host.callTool({ name: 'a__read_item', arguments: { id: '4' } });
      expect(result.isError).not.toBe(true);
    });
    expect(a.pids().length).toBe(2);
    expect(gateway.logger.lines.some((line) => /info gateway: a: exited \(.+\); exits in a row: 1/.test(line))).toBe(true);
    expect(gateway.logger.lines.some((line) => line.includes('gateway: a: restart 1 in 1 s'))).toBe(true);
  });

  it('a server missing at start appears later, and the host is told tools/list_changed', async () => {
    const before = gateway.listChanged();
    await late.start();
    await eventually(() => {
      expect(gateway.listChanged()).toBeGreaterThan(before);
    });
    expect(await gateway.toolNames()).toContain('late__read_item');
  });
});
