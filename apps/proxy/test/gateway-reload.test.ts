import { stdioServer } from '@res/testkit';
import { describe, expect, it } from 'vitest';
import { parseGatewayConfig } from '../src/gateway/config.js';
import { eventually, inProcessGateway } from './gateway-helpers.js';

describe('gateway reload', () => {
  it('added servers start, removed ones stop, changed ones restart, untouched ones keep their session', async () => {
    const keep = stdioServer();
    const change = stdioServer();
    const drop = stdioServer();
    const add = stdioServer();
    const gateway = await inProcessGateway({ keep: keep.connect, change: change.connect, drop: drop.connect });
    try {
      await eventually(async () => {
        expect(await gateway.toolNames()).toEqual(expect.arrayContaining(['keep__read_item', 'change__read_item', 'drop__read_item']));
      });
      for (const name of ['keep', 'change', 'drop']) await gateway.host.callTool({ name: `${name}__read_item`, arguments: { id: '1' } });
      const keepClient = gateway.registry.get('keep')?.client;
      const before = gateway.listChanged();
      const result = await gateway.registry.reload(
        parseGatewayConfig({ mcpServers: { add: add.connect, keep: keep.connect, change: { ...change.connect, res: { preset: 'local' } } } }, 'gateway.json'),
      );
      expect(result).toEqual({ added: ['add'], removed: ['drop'], changed: ['change'] });
      expect(gateway.registry.members().map((member) => member.name)).toEqual(['add', 'keep', 'change']);
      expect(gateway.registry.get('keep')?.client).toBe(keepClient);
      await eventually(() => {
        expect(drop.alivePids()).toEqual([]);
        expect(change.pids()).toHaveLength(2);
      });
      await eventually(async () => {
        expect(gateway.listChanged()).toBeGreaterThan(before);
        const names = await gateway.toolNames();
        expect(names).toContain('add__read_item');
        expect(names).not.toContain('drop__read_item');
      });
      expect((await gateway.host.callTool({ name: 'change__read_item', arguments: { id: '2' } })).isError).not.toBe(true);
      expect((await gateway.host.callTool({ name: 'keep__read_item', arguments: { id: '2' } })).isError).not.toBe(true);
      expect(keep.pids()).toHaveLength(1);
      await expect(gateway.host.callTool({ name: 'drop__read_item', arguments: {} })).rejects.toThrow(/Unknown tool: drop__read_item/);
    } finally {
      await gateway.close();
      await Promise.all([keep.dispose(), change.dispose(), drop.dispose(), add.dispose()]);
    }
  });
});
