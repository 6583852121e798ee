import { conformanceStdioPath, startConformanceHttp, type ConformanceHttpHandle } from '@res/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conformanceServer, failures, listeningProxy, passed, type ListeningProxy } from './listen-helpers.js';

// The official MCP conformance suite (server scenarios) against our target directly, then
// through res-proxy --listen with a stdio and an HTTP upstream: the same scenarios must pass.
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
});
