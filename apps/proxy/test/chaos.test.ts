import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stdioServer, type StdioServerHandle } from '@res/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { chaosWarning } from '../src/chaos-warning.js';
import { ConfigError, parseArgs } from '../src/index.js';
import { hostClient, text } from './helpers.js';

let upstream: StdioServerHandle | undefined;
const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await upstream?.dispose();
  upstream = undefined;
});

function configFile(content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'res-proxy-')), 'res.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
}

describe('policy beyond breaker and retry in res.json', () => {
  it('takes retryBudget, hedge, concurrency, throttle, chaos and a tool hedge', () => {
    const policy = {
      retryBudget: { ratio: 0.2, minPerSecond: 10, ttl: 10_000 },
      hedge: { maxHedges: 1, delay: { percentile: 0.95 } },
      concurrency: 'adaptive',
      throttle: { k: 2 },
      chaos: { fault: { rate: 0.01, kind: 'timeout' }, latency: { rate: 0.1, ms: 500 } },
    };
    const config = parseArgs(['--config', configFile({ policy, tools: { search: { hedge: { delay: 200 } } } }), '--', 'x']);
    expect(config).toMatchObject({ policy, tools: { search: { hedge: { delay: 200 } } } });
  });

  it.each([
    [{ policy: { retryBudget: { ratio: 0 } } }, /policy\.retryBudget/],
    [{ policy: { hedge: { maxHedges: 0 } } }, /policy\.hedge/],
    [{ policy: { concurrency: 'lots' } }, /policy\.concurrency/],
    [{ policy: { throttle: { k: 2, window: -1 } } }, /policy\.throttle\.window/],
    [{ policy: { chaos: { fault: { rate: 2 } } } }, /policy\.chaos\.fault\.rate/],
  ])('names the bad field: %j', (content, message) => {
    expect(() => parseArgs(['--config', configFile(content), '--', 'x'])).toThrow(ConfigError);
    expect(() => parseArgs(['--config', configFile(content), '--', 'x'])).toThrow(message);
  });
});

describe('--chaos flags for a game day', () => {
  it('set policy.chaos over the file; --chaos-latency alone delays every call', () => {
    const file = configFile({ policy: { chaos: { fault: { rate: 0.5, kind: 'protocol' } } } });
    const config = parseArgs(['--config', file, '--chaos-fault-rate', '0.05', '--chaos-latency', '300', '--', 'x']);
    expect(config.policy?.chaos).toEqual({ fault: { rate: 0.05, kind: 'protocol' }, latency: { ms: 300, rate: 1 } });
    expect(parseArgs(['--', 'x']).policy?.chaos).toBeUndefined(); // never on by default
  });

  it('refuse a rate outside [0, 1] and a latency rate without a latency', () => {
    expect(() => parseArgs(['--chaos-fault-rate', '1.5', '--', 'x'])).toThrow(/--chaos-fault-rate must be a number from 0 to 1, got "1.5"/);
    expect(() => parseArgs(['--chaos-latency-rate', '0.5', '--', 'x'])).toThrow(/--chaos-latency-rate needs --chaos-latency/);
  });

  it('the warning says what is injected, and nothing when chaos is off', () => {
    expect(chaosWarning(parseArgs(['--chaos-fault-rate', '0.1', '--chaos-latency', '250', '--chaos-latency-rate', '0.5', '--', 'x']))).toBe(
      '!!! CHAOS IS ON (game day): 10 % of calls fail with an injected transport fault; 50 % of calls are delayed by 250 ms. These failures are deliberate. Remove policy.chaos / the --chaos-* flags to stop. !!!',
    );
    expect(chaosWarning(parseArgs(['--', 'x']))).toBeUndefined();
  });

  it('through the proxy: a loud warning at start (even with --quiet), injected faults, and chaos in res_health', async () => {
    upstream = stdioServer();
    const stderr: string[] = [];
    const host = await hostClient(['--quiet', '--chaos-fault-rate', '1', '--', upstream.connect.command, ...upstream.connect.args], stderr);
    clients.push(host);
    await expect.poll(() => stderr.join('')).toContain('CHAOS IS ON (game day): 100 % of calls fail');
    const result = await host.callTool({ name: 'read_item', arguments: { id: '1' } });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('chaos: injected transport fault');
    expect(upstream.calls('read_item')).toBe(0);
    const health = JSON.parse(text(await host.callTool({ name: 'res_health', arguments: {} }))) as { chaos?: { faults: number } };
    expect(health.chaos?.faults).toBeGreaterThanOrEqual(1);
  }, 20_000);
});
