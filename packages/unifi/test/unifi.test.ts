import { BrokenCircuitError, McpCallError, resultBody, type AdapterOptions } from '@res/mcp';
import { fakeServer, toolError, type HttpServerHandle, type InMemoryServerHandle } from '@res/testkit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createUnifiClient, unifiCatalog, unifiPresets, type UnifiClient } from '../src/index.js';

const fast = { baseDelay: 1, maxDelay: 5, jitter: 'none' } as const;
// Backoff of 1 ms, but waits as long as the server's retryAfter (core caps it at maxDelay).
const honourRetryAfter = { baseDelay: 1, maxDelay: 5_000, jitter: 'none' } as const;
const isError = (text: string) => ({ type: 'is-error', text }) as const;
const badGateway = isError("Error calling tool 'x': Server error '502 Bad Gateway' for url 'https://10.0.0.1:8443/api/s/default/stat/device'");
const networkTools = Object.keys(unifiCatalog).filter((tool) => !tool.includes('access') && tool !== 'unifi_unlock_door');
const accessTools = Object.keys(unifiCatalog).filter((tool) => !networkTools.includes(tool));

let server: InMemoryServerHandle | undefined;
let unifi: UnifiClient | undefined;

function connectTo(options: Parameters<typeof fakeServer>[1] = {}, policy: AdapterOptions['policy'] = fast): { server: InMemoryServerHandle; unifi: UnifiClient } {
  server = fakeServer(unifiCatalog, { name: 'unifi', ...options }).inMemory();
  const handle = server;
  unifi = createUnifiClient({ connect: () => handle.transport(), policy });
  return { server: handle, unifi };
}

afterEach(async () => {
  vi.useRealTimers();
  await unifi?.close();
  await server?.close();
  unifi = undefined;
  server = undefined;
});

describe('credentials', () => {
  it('requires none from the client (the server holds the controllers) and starts nothing', () => {
    unifi = createUnifiClient({ env: {} });
    expect(unifi.client.name).toBe('unifi');
    expect(unifi.client.connected).toBe(false);
    expect(unifi.health().calls).toBe(0);
  });

  describe('the default URL', () => {
    let http: HttpServerHandle | undefined;
    afterEach(async () => {
      await unifi?.close();
      unifi = undefined;
      await http?.close();
    });

    it('is 127.0.0.1 on UNIFI_MCP_HTTP_PORT (default 3038) at /mcp', async () => {
      http = await fakeServer(unifiCatalog, { name: 'unifi' }).http({ port: 0 });
      const port = new URL(http.url).port;
      unifi = createUnifiClient({ env: { UNIFI_MCP_HTTP_PORT: port } });
      await unifi.call('unifi_get_sites', {});
      expect(http.calls('unifi_get_sites')).toBe(1);
    }, 15_000); // a real HTTP server on 127.0.0.1: slower on a loaded machine
  });
});

describe('presets', () => {
  it('default is the documented numbers', () => {
    unifi = createUnifiClient();
    expect(unifi.client.policy).toMatchObject({
      timeout: 40_000, connectTimeout: 5_000, failureThreshold: 3, recoveryTimeout: 30_000, maxAttempts: 2, backoff: 'exponential',
      baseDelay: 1_000, factor: 2, maxDelay: 5_000, jitter: 'full', rateLimit: { tokens: 8, interval: 1_000, burst: 16, maxWait: 5_000 },
    });
    expect(Object.keys(unifiPresets)).toEqual(['default']);
  });

  it('rejects an unknown preset naming the choices', () => {
    expect(() => createUnifiClient({ preset: 'nope' as 'default' })).toThrow(/preset must be one of 'default', 'external-api'/);
  });
});

describe('against a fake UniFi-MCP', () => {
  it('never sends a device action twice, whatever fails after it was sent', async () => {
    const { server, unifi } = connectTo({
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
    const { server, unifi } = connectTo({ faults: { unifi_get_devices: { type: 'fail-first', count: 1, fault: badGateway }, unifi_enable_ap: badGateway } });
    const result = await unifi.call('unifi_get_devices', { site_id: 'default' });
    expect(result.isError).toBeUndefined();
    await expect(unifi.call('unifi_enable_ap', { mac: 'aa:bb:cc:dd:ee:ff' })).rejects.toMatchObject({ kind: 'tool' });
    expect(server.calls('unifi_get_devices')).toBe(2);
    expect(server.calls('unifi_enable_ap')).toBe(2);
  });

  it('opens the breaker after three failed calls and then rejects without sending', async () => {
    const { server, unifi } = connectTo({ faults: { unifi_get_clients: isError('Network error during authentication: All connection attempts failed') } });
    for (let i = 0; i < 3; i++) {
      await expect(unifi.call('unifi_get_clients', {})).rejects.toMatchObject({ kind: 'tool', message: expect.stringContaining('controller unreachable') as unknown });
    }
    expect(server.calls('unifi_get_clients')).toBe(6);
    await expect(unifi.call('unifi_get_sites', {})).rejects.toBeInstanceOf(BrokenCircuitError);
    expect(server.calls('unifi_get_sites')).toBe(0);
    expect(unifi.health()).toMatchObject({ state: 'open', rejections: 1 });
  });

  it("re-sends even unifi_unlock_door after the server's own bucket refused it (no tool ran)", async () => {
    vi.useFakeTimers();
    const { server, unifi } = connectTo({ faults: { unifi_unlock_door: { type: 'fail-first', count: 1, fault: toolError.globalRateLimit() } } }, honourRetryAfter);
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
    const { server, unifi } = connectTo({ faults: { unifi_get_wlans: { type: 'fail-first', count: 1, fault: isError("Client error '429 Too Many Requests' for url 'https://c/api'") } } }, honourRetryAfter);
    const call = unifi.call('unifi_get_wlans', {});
    await vi.advanceTimersByTimeAsync(999);
    expect(server.calls('unifi_get_wlans')).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await call;
    expect(server.calls('unifi_get_wlans')).toBe(2);
  });

  it('treats 4xx, refused logins and bad arguments as caller errors: not retried, not counted', async () => {
    const { server, unifi } = connectTo({
      faults: {
        unifi_get_statistics: isError("Client error '404 Not Found' for url 'https://c/api/s/nope/stat/statistics'"),
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
    const { unifi } = connectTo({ results: { unifi_get_devices: [], unifi_get_statistics: {} } });
    expect(resultBody(await unifi.call('unifi_get_devices', {}))).toEqual([]);
    expect(resultBody(await unifi.call('unifi_get_statistics', {}))).toEqual({});
  });

  it('refuses the access tools of a server with only a network controller, naming the controller settings', async () => {
    const { server, unifi } = connectTo({ omit: accessTools });
    expect(accessTools).toHaveLength(5);
    await expect(unifi.call('unifi_get_sites', {})).resolves.toBeDefined();
    await expect(unifi.call('unifi_unlock_door', { door_id: 'front' })).rejects.toMatchObject({
      kind: 'caller',
      message: expect.stringMatching(/"unifi_unlock_door" is in the catalog but the server does not offer it \(its tool set depends on .*ACCESS_CONTROLLER__\*/) as unknown,
    });
    expect(server.calls('unifi_unlock_door')).toBe(0);
  });

  it('refuses every catalog tool of a server without controllers (zero tools), without sending', async () => {
    const { server, unifi } = connectTo({ omit: Object.keys(unifiCatalog) });
    await expect(unifi.call('unifi_get_sites', {})).rejects.toBeInstanceOf(McpCallError);
    await expect(unifi.call('unifi_get_sites', {})).rejects.toMatchObject({ kind: 'caller', message: expect.stringContaining('NETWORK_CONTROLLER__*') as unknown });
    expect(server.calls()).toBe(0);
    expect((await unifi.listTools()).tools).toEqual([]);
  });
});
