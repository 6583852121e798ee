import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { stdioServer, type StdioServerHandle } from '@res/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { hostClient } from './helpers.js';

let upstream: StdioServerHandle | undefined;
let host: Client | undefined;
afterEach(async () => {
  await host?.close();
  await upstream?.dispose();
  host = undefined;
  upstream = undefined;
});

describe('res-proxy --metrics-port', () => {
  it('serves Prometheus /metrics on 127.0.0.1 with the calls it forwarded', async () => {
    upstream = stdioServer({ faults: { send_item: { type: 'rpc-error', code: -32603 } } });
    const log: string[] = [];
    host = await hostClient(['--metrics-port', '0', '--name', 'up', '--', upstream.connect.command, ...upstream.connect.args], log);
    await host.callTool({ name: 'read_item', arguments: {} });
    await host.callTool({ name: 'send_item', arguments: {} });
    const url = /metrics on (http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(log.join(''))?.[1];
    expect(url).toBeDefined();
    const response = await fetch(url ?? '');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const body = await response.text();
    expect(body).toMatch(/res_calls_total\{server="up",tool="read_item",outcome="success"\} 1/);
    expect(body).toMatch(/res_calls_total\{server="up",tool="send_item",outcome="failure"\} 1/);
    expect(body).toMatch(/res_breaker_state\{server="up",state="closed"\} 1/);
  }, 20_000);
});
