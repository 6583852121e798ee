import { conformanceStdioPath, startConformanceHttp, type ConformanceHttpHandle } from '@res/testkit';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conformanceServer, failures, listeningProxy, passed, type ListeningProxy } from './listen-helpers.js';

// The official MCP conformance suite (server scenarios) against our target directly, then
// through res-proxy --listen with a stdio and an HTTP upstream, and through the gateway
// (--config, --no-prefix, one server): the same scenarios must pass.
let target: ConformanceHttpHandle;
let direct: string[];
const proxies: ListeningProxy[] = [];

beforeAll(async () => {
  target = await startConformanceHttp();
  direct = passed(await conformanceServer(target.url));
}, 120_000);

afterAll(async () => {
  await Promise.all(proxies.map((proxy) => proxy.stop()));
  await target.close();
}, 30_000);

describe('MCP conformance suite (server scenarios)', () => {
  it('the target passes every scenario directly', () => {
    expect(direct.length).toBeGreaterThanOrEqual(30);
    expect(direct).toContain('tools-call-sampling');
    expect(direct).toContain('dns-rebinding-protection');
  });

  it('through res-proxy --listen with a stdio upstream, the same scenarios pass', async () => {
    const proxy = await listeningProxy(['--', process.execPath, conformanceStdioPath]);
    proxies.push(proxy);
    const verdicts = await conformanceServer(proxy.url);
    expect(passed(verdicts), `${JSON.stringify(failures(verdicts))}\n${proxy.stderr.join('').split('\n').filter((line) => !/connected in|disconnected/.test(line)).slice(-30).join('\n')}`).toEqual(direct);
  }, 120_000);

  it('through res-proxy --listen with a streamable HTTP upstream, the same scenarios pass', async () => {
    const proxy = await listeningProxy(['--url', target.url]);
    proxies.push(proxy);
    const verdicts = await conformanceServer(proxy.url);
    expect(passed(verdicts), `${JSON.stringify(failures(verdicts))}\n${proxy.stderr.join('').split('\n').filter((line) => !/connected in|disconnected/.test(line)).slice(-30).join('\n')}`).toEqual(direct);
  }, 120_000);

  it('through the gateway (--config with one stdio server, --no-prefix, --listen), the same scenarios pass', async () => {
    const config = join(mkdtempSync(join(tmpdir(), 'res-gw-conformance-')), 'gateway.json');
    writeFileSync(config, JSON.stringify({ mcpServers: { conformance: { command: process.execPath, args: [conformanceStdioPath] } } }));
    const proxy = await listeningProxy(['--config', config, '--no-prefix']);
    proxies.push(proxy);
    const verdicts = await conformanceServer(proxy.url);
    expect(passed(verdicts), `${JSON.stringify(failures(verdicts))}\n${proxy.stderr.join('').split('\n').slice(-30).join('\n')}`).toEqual(direct);
  }, 120_000);
});
