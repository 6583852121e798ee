// Bounds and prototype-safe lookups (DESIGN §9).
import { afterEach, describe, expect, it } from 'vitest';
import { defineAdapter, presets, ResilientClient } from '../src/index.js';
import { closeRig, inMemoryRig, type Rig } from './helpers.js';

let rig: Rig | undefined;
afterEach(async () => {
  await closeRig(rig);
  rig = undefined;
});

describe('per-tool bookkeeping is bounded (an LRU of tool names)', () => {
  it('keeps at most maxTools runtimes and per-tool breakers; the least recently used goes first', async () => {
    rig = inMemoryRig({ client: { policy: { breakerScope: 'tool', maxTools: 3 } } });
    for (const name of ['read_item', 'a', 'b', 'read_item', 'c', 'd']) await rig.client.callTool(name, {});
    const tools = Object.keys(rig.client.health().tools ?? {});
    expect(tools.sort()).toEqual(['c', 'd', 'read_item']);
    expect(rig.client.breakers().size).toBe(4); // the server's + 3
  });

  it('3,000 distinct tool names leave health() small (default bound 1,000)', async () => {
    rig = inMemoryRig({ client: { policy: { breakerScope: 'tool' } } });
    const calls: Promise<unknown>[] = [];
    for (let i = 0; i < 3_000; i++) calls.push(rig.client.callTool(`tool_${i}`, {}).catch(() => undefined));
    await Promise.all(calls);
    expect(Object.keys(rig.client.health().tools ?? {}).length).toBe(1_000);
    expect(JSON.stringify(rig.client.health()).length).toBeLessThan(60_000);
  }, 60_000);

  it('rejects a maxTools that is not an integer >= 1, naming it', () => {
    expect(() => new ResilientClient({ name: 'x', connect: { url: 'http://127.0.0.1:1/mcp' }, policy: { maxTools: 0 } })).toThrow(/maxTools must be an integer >= 1/);
  });
});

describe('lookups by name never reach Object.prototype', () => {
  for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
    it(`preset ${JSON.stringify(name)} is an unknown preset, listing the known ones`, () => {
      expect(() => new ResilientClient({ name: 'x', connect: { url: 'http://127.0.0.1:1/mcp' }, preset: name as 'local' })).toThrow(
        new RegExp(`preset must be one of ${Object.keys(presets).map((n) => `'${n}'`).join(', ')}`),
      );
    });

    it(`an adapter's preset ${JSON.stringify(name)} is refused, not taken as the default`, () => {
      const adapter = defineAdapter({ name: 'demo', packageName: '@acme/demo', launch: { url: 'http://127.0.0.1:1/mcp' }, tools: {}, presets: { default: presets.local } });
      expect(() => adapter.create({ preset: name as 'default' })).toThrow(/preset must be one of 'default'/);
    });
  }

  it('a tool named constructor is not a catalog tool (calls are sent)', async () => {
    rig = inMemoryRig({ client: { catalog: { read_item: { safety: 'read', purpose: 'reads an item' } } } });
    const result = await rig.client.callTool('constructor', {});
    expect(result.isError).toBe(true); // the server's own "unknown tool", not res refusing it
    expect(rig.server.calls('constructor')).toBe(0);
  });
});

describe('durations fit a timer', () => {
  it.each([['timeout'], ['connectTimeout'], ['recoveryTimeout'], ['baseDelay']])('policy.%s 2^31 is a RangeError naming it', (key) => {
    expect(() => new ResilientClient({ name: 'x', connect: { url: 'http://127.0.0.1:1/mcp' }, policy: { [key]: 2 ** 31 } })).toThrow(
      new RegExp(`${key} must be at most 2147483647 ms`),
    );
  });
});
