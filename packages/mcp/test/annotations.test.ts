import { afterEach, describe, expect, it } from 'vitest';
import { closeRig, inMemoryRig, rejection, type Rig } from './helpers.js';

let rig: Rig | undefined;
afterEach(async () => {
  await closeRig(rig);
  rig = undefined;
});

const crashFirst = { type: 'fail-first', count: 1, fault: { type: 'crash' } } as const;

describe('retry safety from the server', () => {
  it("annotations from tools/list decide when neither tools nor a catalog say: readOnlyHint and idempotentHint retry, no hints don't", async () => {
    rig = inMemoryRig({ faults: { read_item: crashFirst, upsert_item: crashFirst, send_item: crashFirst } });
    await rig.client.callTool('read_item', {});
    await rig.client.callTool('upsert_item', {});
    await expect(rig.client.callTool('send_item', {})).rejects.toMatchObject({ kind: 'transport', sent: true });
    expect([rig.server.calls('read_item'), rig.server.calls('upsert_item'), rig.server.calls('send_item')]).toEqual([2, 2, 1]);
  });

  it('the tools option wins over annotations', async () => {
    rig = inMemoryRig({ faults: { read_item: crashFirst, send_item: crashFirst }, client: { tools: { read_item: { safety: 'unsafe' }, send_item: { safety: 'idempotent' } } } });
    await rejection(rig.client.callTool('read_item', {}));
    await rig.client.callTool('send_item', {});
    expect([rig.server.calls('read_item'), rig.server.calls('send_item')]).toEqual([1, 2]);
  });

  it('a catalog wins over annotations, and the tools option over the catalog', async () => {
    rig = inMemoryRig({
      faults: { read_item: crashFirst, upsert_item: crashFirst },
      client: { catalog: { read_item: { safety: 'unsafe', purpose: 'x' }, upsert_item: { safety: 'unsafe', purpose: 'y' } }, tools: { upsert_item: { safety: 'read' } } },
    });
    await rejection(rig.client.callTool('read_item', {}));
    await rig.client.callTool('upsert_item', {});
    expect([rig.server.calls('read_item'), rig.server.calls('upsert_item')]).toEqual([1, 2]);
  });

  it('learns the annotations again on a new connection', async () => {
    rig = inMemoryRig({ faults: { read_item: crashFirst } });
    for (let i = 0; i < 3; i++) await rig.client.callTool('read_item', {});
    expect(rig.server.calls('read_item')).toBe(4);
    expect(rig.connections()).toBe(2);
    expect((await rig.client.listTools()).tools.map((tool) => tool.name)).toContain('read_item');
  });
});
