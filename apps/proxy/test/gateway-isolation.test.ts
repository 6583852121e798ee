import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stdioServer } from '@res/testkit';
import { LoggingMessageNotificationSchema, ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { parseGatewayConfig } from '../src/gateway/config.js';
import { Namespace } from '../src/gateway/names.js';
import { Registry } from '../src/gateway/registry.js';
import { createGateway } from '../src/gateway/start.js';
import { eventually, inProcessGateway, memoryLogger, textOf } from './gateway-helpers.js';

const envServer = fileURLToPath(new URL('fixtures/gateway/env-server.mjs', import.meta.url));
const slowListServer = fileURLToPath(new URL('fixtures/gateway/slow-list-server.mjs', import.meta.url));

describe('gateway isolation', () => {
  it('each stdio server gets the SDK default environment plus its own env only', async () => {
    process.env.GW_GATEWAY_SECRET = 'the-gateway-own-secret';
    const gateway = await inProcessGateway({
      one: { command: process.execPath, args: [envServer], env: { GW_ONE: 'one-value' } },
      two: { command: process.execPath, args: [envServer], env: { GW_TWO: 'two-value' } },
    });
    try {
      const report = async (server: string) => {
        const result = await eventually(() => gateway.host.callTool({ name: `${server}__env`, arguments: {} }));
        return JSON.parse(textOf(result)) as { names: string[]; gw: Record<string, string> };
      };
      const one = await report('one');
      const two = await report('two');
      expect(one.gw).toEqual({ GW_ONE: 'one-value' });
      expect(two.gw).toEqual({ GW_TWO: 'two-value' });
      expect(one.names).toContain('PATH');
      expect(one.names).not.toContain('GW_GATEWAY_SECRET');
    } finally {
      delete process.env.GW_GATEWAY_SECRET;
      await gateway.close();
    }
  });

  it('a slow server never holds up the list: the others are served at once, its tools follow with list_changed', async () => {
    const fast = stdioServer();
    const gateway = await inProcessGateway(
      { slow: { command: process.execPath, args: [slowListServer], env: { SLOW_LIST_MS: '3000' } }, fast: fast.connect },
      { listTimeout: 500 },
    );
    try {
      await eventually(async () => {
        expect(await gateway.toolNames()).toContain('fast__read_item');
      });
      const started = Date.now();
      const names = await gateway.toolNames();
      expect(Date.now() - started).toBeLessThan(1_500);
      expect(names).not.toContain('slow__ping_slow');
      await eventually(async () => {
        expect(gateway.listChanged()).toBeGreaterThan(0);
        expect(await gateway.toolNames()).toContain('slow__ping_slow');
      });
      expect(textOf(await gateway.host.callTool({ name: 'slow__ping_slow', arguments: {} }))).toBe('pong');
    } finally {
      await gateway.close();
      await fast.dispose();
    }
  }, 20_000);

  it('a crash-looping server (exits at start): bounded restarts, breaker held open, no spin', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'res-loop-'));
    const spawns = join(dir, 'spawns');
    const script = `require('fs').appendFileSync(${JSON.stringify(spawns)}, 'x'); process.stderr.write('cannot start\\n'); process.exit(3)`;
    const logger = memoryLogger();
    const registry = new Registry(parseGatewayConfig({ mcpServers: { loop: { command: process.execPath, args: ['-e', script], res: { policy: { maxAttempts: 1 } } } } }, 'g.json'), {
      logger,
      supervision: { baseDelay: 50, factor: 2, maxDelay: 400, crashLoopAfter: 3 },
    });
    const cpu = process.cpuUsage();
    const started = Date.now();
    registry.start();
    await eventually(() => {
      expect(registry.get('loop')?.supervisor?.status().state).toBe('crash-loop');
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const elapsed = Date.now() - started;
    const count = readFileSync(spawns, 'utf8').length;
    // Waits of 50, 100, 200 ms, then 400 ms each: at most 3 + elapsed / 400 starts (+1 in flight).
    expect(count).toBeLessThanOrEqual(4 + Math.ceil(elapsed / 400));
    expect(count).toBeGreaterThanOrEqual(3);
    const used = process.cpuUsage(cpu);
    expect((used.user + used.system) / 1000).toBeLessThan(elapsed); // well under one core: no spin
    // Between restarts the breaker is held open (a restart's own trial passes through it briefly).
    await eventually(() => {
      expect(registry.get('loop')?.supervisor?.status().state).toBe('crash-loop');
      expect(registry.get('loop')?.client?.breaker.state).toBe('isolated');
    });
    expect(logger.lines).toContain('info gateway: loop: crash loop (3 exits in a row): breaker held open, next restart in 0.2 s, then at most every 0.4 s');
    expect(logger.lines.filter((line) => line.startsWith('info gateway: loop: exited (')).length).toBeGreaterThanOrEqual(3);
    // Each exit line says how the process ended and what it last wrote on stderr.
    expect(logger.lines.find((line) => line.startsWith('info gateway: loop: exited ('))).toMatch(/exited with code 3; its last stderr lines: "cannot start"/);
    const [health] = registry.health();
    expect(health?.name).toBe('loop');
    expect(health?.restarts).toBeGreaterThanOrEqual(2);
    await registry.close();
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // a child spawned just before the close may still be starting
    const after = readFileSync(spawns, 'utf8').length;
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(readFileSync(spawns, 'utf8').length).toBe(after); // stopped for good
  });

  it('--no-prefix: refused at start when two servers offer the same tool, naming both', async () => {
    const a = stdioServer();
    const b = stdioServer();
    const dir = mkdtempSync(join(tmpdir(), 'res-gw-'));
    const config = join(dir, 'gateway.json');
    writeFileSync(config, JSON.stringify({ mcpServers: { a: a.connect, b: b.connect } }));
    try {
      await expect(createGateway({ config, separator: '__', prefix: false, healthTool: true, statusHost: '127.0.0.1', watch: false }, memoryLogger())).rejects.toThrow(
        '--no-prefix: names collide (tool "read_item" is offered by a and b; tool "upsert_item" is offered by a and b; tool "send_item" is offered by a and b; tool "slow_read" is offered by a and b; tool "progress" is offered by a and b); drop --no-prefix or remove one of the servers',
      );
    } finally {
      await Promise.all([a.dispose(), b.dispose()]);
    }
  });

  it('--no-prefix with one server: its own names', async () => {
    const a = stdioServer();
    const gateway = await inProcessGateway({ a: a.connect }, {}, new Namespace({ prefix: false }));
    try {
      await eventually(async () => {
        expect(await gateway.toolNames()).toContain('read_item');
      });
      expect((await gateway.host.callTool({ name: 'read_item', arguments: { id: '1' } })).isError).not.toBe(true);
    } finally {
      await gateway.close();
      await a.dispose();
    }
  });
});

describe('gateway notifications', () => {
  it("a server's log messages (logger qualified) and resource updates reach the host; the level reaches the server", async () => {
    const notifyServer = fileURLToPath(new URL('fixtures/gateway/notify-server.mjs', import.meta.url));
    const gateway = await inProcessGateway({ note: { command: process.execPath, args: [notifyServer] } });
    const seen: unknown[] = [];
    gateway.host.setNotificationHandler(LoggingMessageNotificationSchema, (n) => { seen.push(n.params); });
    gateway.host.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => { seen.push(n.params); });
    try {
      await eventually(async () => {
        expect(await gateway.toolNames()).toContain('note__announce');
      });
      await gateway.host.setLoggingLevel('debug');
      expect(textOf(await gateway.host.callTool({ name: 'note__announce', arguments: {} }))).toBe('announced');
      await eventually(() => {
        expect(seen).toEqual([{ level: 'warning', logger: 'note__core', data: 'level was debug' }, { uri: 'test://notify/item' }]);
      });
    } finally {
      await gateway.close();
    }
  });
});
