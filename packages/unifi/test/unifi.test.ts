import { BrokenCircuitError, McpCallError, resultBody } from '@res/mcp';
import { toolError } from '@res/testkit';
import { adapterContract } from '@res/testkit/contract';
import { describe, expect, it, vi } from 'vitest';
import { unifiAdapter, unifiCatalog } from '../src/index.js';
import { unifiFaults } from '../src/testing.js';

// Backoff of 1 ms, but waits as long as the server's retryAfter (core caps it at maxDelay).
const honourRetryAfter = { baseDelay: 1, maxDelay: 5_000, jitter: 'none' } as const;
const isError = unifiFaults.text;
const badGateway = unifiFaults.httpError(502, 'Bad Gateway', 'https://10.0.0.1:8443/api/s/default/stat/device');
const networkTools = Object.keys(unifiCatalog).filter((tool) => !tool.includes('access') && tool !== 'unifi_unlock_door');
const accessTools = Object.keys(unifiCatalog).filter((tool) => !networkTools.includes(tool));

const rig = adapterContract({
  adapter: unifiAdapter,
  defaultUrl: { env: (port) => ({ UNIFI_MCP_HTTP_PORT: port }), tool: 'unifi_get_sites' },
  presets: {
    names: ['default'],
    default: {
      timeout: 40_000, connectTimeout: 5_000, failureThreshold: 3, recoveryTimeout: 30_000, maxAttempts: 2, backoff: 'exponential',
      baseDelay: 1_000, factor: 2, maxDelay: 5_000, jitter: 'full', rateLimit: { tokens: 8, interval: 1_000, burst: 16, maxWait: 5_000 },
    },
  },
  breaker: {
    tool: 'unifi_get_clients', args: () => ({}), fault: isError('Network error during authentication: All connection attempts failed'), threshold: 3, sent: 6,
    failure: { kind: 'tool', message: expect.stringContaining('controller unreachable') as unknown }, open: BrokenCircuitError, probe: { tool: 'unifi_get_sites', args: {} },
  },
  absent: [{
    // A server with only a network controller.
    fake: { omit: accessTools },
    refused: [{ tool: 'unifi_unlock_door', args: { door_id: 'front' } }],
    dependsOn: 'the controllers configured on the server: NETWORK_CONTROLLER__* for the 8 network tools, ACCESS_CONTROLLER__* for the 5 access tools)',
    offered: { tool: 'unifi_get_sites', args: {} },
  }],
});

describe('catalog', () => {
  it('has five access tools, the rest network tools', () => {
    expect(accessTools).toHaveLength(5);
    expect(networkTools).toHaveLength(8);
  });
});

describe('against a fake UniFi-MCP', () => {
  it('never sends a device action twice, whatever fails after it was sent', async () => {
    const { server, client: unifi } = rig.connect({
      faults: { unifi_restart_device: badGateway, unifi_disable_ap: isError('ReadTimeout: timed out'), unifi_unlock_door: { type: 'crash' }, unifi_set_access_schedule: { type: 'hang' } },
    });
    await expect(unifi.call('unifi_restart_device', { mac: 'aa:bb:cc:dd:ee:ff' })).rejects.toMatchObject({ kind: 'tool', sent: true });
    await expect(unifi.call('unifi_disable_ap', { mac: 'aa:bb:cc:dd:ee:ff' })).rejects.toMatchObject({ kind: 'tool' });
    await expect(unifi.call('unifi_unlock_door', { door_id: 'front' })).rejects.toMatchObject({ kind: 'transport' });
    unifi.client.breaker.reset(); // three failures opened it (threshold 3)
    await expect(unifi.call('unifi_set_access_schedule', { user_id: 'u1', schedule: {} }, { timeout: 20 })).rejects.toMatchObject({ kind: 'timeout' });
    for (const tool of ['unifi_restart_device', 'unifi_disable_ap', 'unifi_unlock_door', 'unifi_set_access_schedule']) expect(server.calls(tool)).toBe(1);
    expect(unifi.health().retries).toBe(0);
  });

  it('retries a read, and unifi_enable_ap, once', async () => {
    const { server, client: unifi } = rig.connect({ faults: { unifi_get_devices: { type: 'fail-first', count: 1, fault: badGateway }, unifi_enable_ap: badGateway } });
    const result = await unifi.call('unifi_get_devices', { site_id: 'default' });
    expect(result.isError).toBeUndefined();
    await expect(unifi.call('unifi_enable_ap', { mac: 'aa:bb:cc:dd:ee:ff' })).rejects.toMatchObject({ kind: 'tool' });
    expect(server.calls('unifi_get_devices')).toBe(2);
    expect(server.calls('unifi_enable_ap')).toBe(2);
  });

  it("re-sends even unifi_unlock_door after the server's own bucket refused it (no tool ran)", async () => {
    vi.useFakeTimers();
    const { server, client: unifi } = rig.connect({ faults: { unifi_unlock_door: { type: 'fail-first', count: 1, fault: toolError.globalRateLimit() } } }, { policy: honourRetryAfter });
    const call = unifi.call('unifi_unlock_door', { door_id: 'front' });
    await vi.advanceTimersByTimeAsync(99);
    expect(server.calls('unifi_unlock_door')).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    const result = await call;
    expect(result.isError).toBeUndefined();
    expect(server.calls('unifi_unlock_door')).toBe(2);
  });

  it("classifies a controller's 429 as a rate limit and waits a second before retrying a read", async () => {
    vi.useFakeTimers();
    const { server, client: unifi } = rig.connect({ faults: { unifi_get_wlans: { type: 'fail-first', count: 1, fault: unifiFaults.httpError(429, 'Too Many Requests', 'https://c/api') } } }, { policy: honourRetryAfter });
    const call = unifi.call('unifi_get_wlans', {});
    await vi.advanceTimersByTimeAsync(999);
    expect(server.calls('unifi_get_wlans')).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await call;
    expect(server.calls('unifi_get_wlans')).toBe(2);
  });

  it('treats 4xx, refused logins and bad arguments as caller errors: not retried, not counted', async () => {
    const { server, client: unifi } = rig.connect({
      faults: {
        unifi_get_statistics: unifiFaults.httpError(404, 'Not Found', 'https://c/api/s/nope/stat/statistics'),
        unifi_get_sites: isError('Authentication error: Authentication failed with status 401'),
        unifi_get_access_users: isError('Invalid credentials'),
        unifi_enable_ap: isError("Error calling tool 'unifi_enable_ap': 1 validation error for call[unifi_enable_ap]\nmac\n  Missing required argument"),
      },
    });
    for (let i = 0; i < 4; i++) await expect(unifi.call('unifi_get_statistics', { site_id: 'nope' })).rejects.toMatchObject({ kind: 'caller', message: expect.stringContaining('404') as unknown });
    await expect(unifi.call('unifi_get_sites', {})).rejects.toMatchObject({ kind: 'caller', message: expect.stringContaining('login answered 401') as unknown });
    await expect(unifi.call('unifi_get_access_users', {})).rejects.toMatchObject({ kind: 'caller' });
    await expect(unifi.callTool('unifi_enable_ap', {})).rejects.toMatchObject({ kind: 'caller', message: expect.stringContaining('invalid arguments') as unknown });
    expect(server.calls('unifi_get_statistics')).toBe(4);
    expect(server.calls('unifi_enable_ap')).toBe(1);
    expect(unifi.health()).toMatchObject({ state: 'closed', failures: 0 });
  });

  it('returns [] and {} as answers: the server cannot tell them from "nothing there"', async () => {
    const { client: unifi } = rig.connect({ results: { unifi_get_devices: [], unifi_get_statistics: {} } });
    expect(resultBody(await unifi.call('unifi_get_devices', {}))).toEqual([]);
    expect(resultBody(await unifi.call('unifi_get_statistics', {}))).toEqual({});
  });

  it('refuses every catalog tool of a server without controllers (zero tools), without sending', async () => {
    const { server, client: unifi } = rig.connect({ omit: Object.keys(unifiCatalog) });
    await expect(unifi.call('unifi_get_sites', {})).rejects.toBeInstanceOf(McpCallError);
    await expect(unifi.call('unifi_get_sites', {})).rejects.toMatchObject({ kind: 'caller', message: expect.stringContaining('NETWORK_CONTROLLER__*') as unknown });
    expect(server.calls()).toBe(0);
    expect((await unifi.listTools()).tools).toEqual([]);
  });
});
