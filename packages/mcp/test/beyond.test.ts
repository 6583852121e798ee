import { afterEach, describe, expect, it } from 'vitest';
import { McpTimeoutError, ResilientClient, ThrottledError, type ClientEvent, type ServerPolicy, type ToolPolicy } from '../src/index.js';
import { closeRig, inMemoryRig, rejection, type Rig } from './helpers.js';

let rig: Rig | undefined;
afterEach(async () => {
  await closeRig(rig);
  rig = undefined;
});

function recorded(client: ResilientClient): ClientEvent[] {
  const events: ClientEvent[] = [];
  client.on('event', (event) => events.push(event));
  return events;
}

const make = (policy: Partial<ServerPolicy>, tools?: Record<string, unknown>): ResilientClient =>
  new ResilientClient({ name: 'svc', connect: { command: 'node' }, policy, ...(tools === undefined ? {} : { tools: tools as Record<string, ToolPolicy> }) });

describe('validation at construction names the option', () => {
  it.each([
    [{ retryBudget: { ratio: 2 } }, RangeError, /svc": retryBudget: ratio/],
    [{ retryBudget: { ratoi: 0.2 } }, TypeError, /retryBudget has an unknown option "ratoi"/],
    [{ hedge: { maxHedges: 0 } }, RangeError, /hedge: maxHedges/],
    [{ hedge: { delay: -1 } }, RangeError, /hedge: delay/],
    [{ concurrency: 'fast' }, TypeError, /concurrency must be 'adaptive'/],
    [{ concurrency: { min: 5, max: 2 } }, RangeError, /concurrency: /],
    [{ throttle: { k: 0 } }, RangeError, /throttle: k/],
    [{ chaos: { fault: { rate: 2 } } }, RangeError, /chaos.fault: rate/],
    [{ chaos: { fault: { rate: 0.1, kind: 'boom' } } }, TypeError, /chaos.fault.kind/],
    [{ chaos: { latency: { rate: 0.1 } } }, TypeError, /chaos.latency.ms/],
  ])('%j', (policy, type, message) => {
    expect(() => make(policy as Partial<ServerPolicy>)).toThrow(type);
    expect(() => make(policy as Partial<ServerPolicy>)).toThrow(message);
  });

  it('a tool hedge with an unknown key', () => {
    expect(() => make({}, { read_item: { hedge: { delai: 5 } } })).toThrow(/tools.read_item.hedge has an unknown option "delai"/);
  });

  it('the external-api preset has a 20 % retry budget, shown by health()', () => {
    const client = new ResilientClient({ name: 'svc', connect: { command: 'node' } });
    expect(client.policy.retryBudget).toEqual({ ratio: 0.2, minPerSecond: 10, ttl: 10_000 });
    expect(client.health().retryBudget).toEqual({ balance: 100, withdrawals: 0, refusals: 0 });
    expect(client.health()).not.toHaveProperty('chaos');
  });
});

describe('one retry budget per server, shared by every tool', () => {
  it('a retry of one tool spends what another tool could have used', async () => {
    // Reserve: 0.1/s x 10 s = one retry; each call deposits a hundredth of one.
    rig = inMemoryRig({
      faults: { read_item: { type: 'rpc-error', code: -32603 }, upsert_item: { type: 'rpc-error', code: -32603 } },
      client: { policy: { retryBudget: { ratio: 0.01, minPerSecond: 0.1, ttl: 10_000 } } },
    });
    const events = recorded(rig.client);
    await rejection(rig.client.callTool('read_item', {}));
    await rejection(rig.client.callTool('upsert_item', {}));
    expect(rig.server.calls('read_item')).toBe(2); // one retry, then refused
    expect(rig.server.calls('upsert_item')).toBe(1); // refused at once: the budget is spent
    expect(rig.client.health()).toMatchObject({ retries: 1, retryBudget: { balance: 0, withdrawals: 1, refusals: 2 } });
    expect(events.filter((e) => e.type === 'budget-refused')).toEqual([
      { type: 'budget-refused', server: 'test', tool: 'read_item', by: 'retry' },
      { type: 'budget-refused', server: 'test', tool: 'upsert_item', by: 'retry' },
    ]);
  });
});

describe('hedging', () => {
  it('a read tool is hedged after delay; the winner answers and the loser\'s handler signal aborts', async () => {
    rig = inMemoryRig({ faults: { read_item: { type: 'fail-first', count: 1, fault: { type: 'hang' } } }, client: { policy: { hedge: { delay: 20 } } } });
    const events = recorded(rig.client);
    await rig.client.listTools(); // the annotations say read_item is read-only
    const result = await rig.client.callTool('read_item', { id: '1' });
    expect(result.structuredContent).toMatchObject({ ok: true, call: 2 });
    await expect.poll(() => rig?.server.aborts('read_item')).toBe(1); // notifications/cancelled reached the hanging handler
    expect(rig.client.health()).toMatchObject({ hedges: { sent: 1, won: 1 }, successes: 1, retries: 0 });
    expect(events.filter((e) => e.type === 'hedge' || e.type === 'hedge-won').map((e) => e.type)).toEqual(['hedge', 'hedge-won']);
  });

  it('a hedge withdraws from the server budget: a spent budget sends no hedge', async () => {
    rig = inMemoryRig({
      faults: { read_item: { type: 'slow', ms: 40 } },
      client: { policy: { hedge: { delay: 5 }, retryBudget: { ratio: 0.01, minPerSecond: 0, ttl: 10_000 } }, tools: { read_item: { safety: 'read' } } },
    });
    const events = recorded(rig.client);
    await rig.client.callTool('read_item', {});
    expect(rig.server.calls('read_item')).toBe(1);
    expect(rig.client.health()).toMatchObject({ hedges: { sent: 0, won: 0 }, retryBudget: { refusals: 1 } });
    expect(events.filter((e) => e.type === 'budget-refused')).toEqual([{ type: 'budget-refused', server: 'test', tool: 'read_item', by: 'hedge' }]);
  });

  it('tools.<name>.hedge: false turns it off for that tool', async () => {
    rig = inMemoryRig({ faults: { read_item: { type: 'slow', ms: 30 } }, client: { policy: { hedge: { delay: 1 } }, tools: { read_item: { safety: 'read', hedge: false } } } });
    await rig.client.callTool('read_item', {});
    expect(rig.server.calls('read_item')).toBe(1);
    expect(rig.client.health()).not.toHaveProperty('hedges');
  });
});

describe('an unsafe tool is never hedged or re-sent by any of these policies', () => {
  const everything: Partial<ServerPolicy> = {
    retryBudget: { ratio: 1, minPerSecond: 100 },
    hedge: { delay: 0, maxHedges: 3 },
    concurrency: 'adaptive',
    throttle: { k: 2 },
    chaos: { latency: { rate: 1, ms: 1 } },
  };

  it.each([
    ['from its annotations', {}],
    ['declared unsafe, with a tool hedge that says otherwise', { send_item: { safety: 'unsafe' as const, hedge: { delay: 0 } } }],
  ])('%s: the handler runs once per call, slow or failing', async (_label, tools) => {
    rig = inMemoryRig({
      faults: { send_item: { type: 'slow', ms: 20, then: { type: 'rpc-error', code: -32603 } } },
      client: { policy: everything, tools },
    });
    await rig.client.listTools();
    for (let call = 1; call <= 2; call++) {
      await rejection(rig.client.callTool('send_item', {}));
      expect(rig.server.calls('send_item')).toBe(call);
    }
    expect(rig.client.health().retries).toBe(0);
    expect(rig.client.health().hedges?.sent ?? 0).toBe(0); // absent when no tool may hedge at all
  });

  it('a chaos fault on an unsafe tool is not retried; on a read tool it is', async () => {
    rig = inMemoryRig({ client: { policy: { chaos: { fault: { rate: 0.5 }, random: () => 0.25 } } } });
    await rig.client.listTools();
    const unsafe = await rejection(rig.client.callTool('send_item', {}));
    expect(unsafe).toMatchObject({ kind: 'transport', message: 'test send_item: chaos: injected transport fault (game day)' });
    const read = await rejection(rig.client.callTool('read_item', {}));
    expect(read).toMatchObject({ kind: 'transport' });
    expect(rig.server.calls()).toBe(0);
    expect(rig.client.health()).toMatchObject({ retries: 2, chaos: { faults: 4, latency: 0 } });
  });
});

describe('adaptive concurrency', () => {
  it('the limit is in health(), and a timeout (a drop) lowers it: floor(0.9 x 5) = 4, with a concurrency-limit event', async () => {
    rig = inMemoryRig({
      faults: { read_item: { type: 'hang' } },
      client: { policy: { concurrency: { algorithm: 'aimd', initial: 5, max: 10 }, timeout: 20, maxAttempts: 1 } },
    });
    const events = recorded(rig.client);
    expect(rig.client.health().concurrency).toEqual({ limit: 5, inFlight: 0 });
    expect(await rejection(rig.client.callTool('read_item', {}))).toBeInstanceOf(McpTimeoutError);
    expect(rig.client.health().concurrency).toEqual({ limit: 4, inFlight: 0 });
    expect(events.filter((e) => e.type === 'concurrency-limit')).toEqual([{ type: 'concurrency-limit', server: 'test', limit: 4, previous: 5 }]);
  });
});

describe('client-side throttling', () => {
  it('rejects with probability (requests - k x accepts) / (requests + 1), iff random() < p; seen in events and health', async () => {
    rig = inMemoryRig({ faults: { read_item: { type: 'crash' } }, client: { policy: { throttle: { k: 2, random: () => 0.49 }, maxAttempts: 1 } } });
    const events = recorded(rig.client);
    await rejection(rig.client.callTool('read_item', {})); // p = 0: sent, a crash is no answer
    const throttled = await rejection(rig.client.callTool('read_item', {})); // p = 1/2 > 0.49
    expect(throttled).toBeInstanceOf(ThrottledError);
    expect((throttled as ThrottledError).probability).toBe(0.5);
    expect(rig.server.calls('read_item')).toBe(1);
    expect(events.filter((e) => e.type === 'rejected')).toEqual([{ type: 'rejected', server: 'test', tool: 'read_item', reason: 'throttled', retryAfterMs: 0 }]);
    expect(rig.client.health()).toMatchObject({ rejections: 1, state: 'closed', throttle: { probability: 2 / 3, throttled: 1 } });
  });
});

describe('chaos', () => {
  it('is off by default: no injection, nothing in health', async () => {
    rig = inMemoryRig();
    await rig.client.callTool('read_item', {});
    expect(rig.client.health()).not.toHaveProperty('chaos');
    expect(rig.server.calls('read_item')).toBe(1);
  });

  it('injects iff random() < rate, and says so in events and health', async () => {
    const draws = [0.0005, 0.001];
    rig = inMemoryRig({ client: { policy: { chaos: { fault: { rate: 0.001 }, random: () => draws.shift() ?? 1 }, maxAttempts: 1 } } });
    const events = recorded(rig.client);
    await rejection(rig.client.callTool('read_item', {}));
    await rig.client.callTool('read_item', {});
    expect(rig.server.calls('read_item')).toBe(1);
    expect(events.filter((e) => e.type === 'chaos')).toEqual([{ type: 'chaos', server: 'test', tool: 'read_item', callId: 1, kind: 'fault', attempt: 1 }]);
    expect(rig.client.health().chaos).toEqual({ faults: 1, latency: 0 });
  });

  it('latency is injected before the request, and enabled: false turns chaos off', async () => {
    rig = inMemoryRig({ client: { policy: { chaos: { latency: { rate: 1, ms: 5 } } } } });
    const events = recorded(rig.client);
    await rig.client.callTool('read_item', {});
    expect(events.filter((e) => e.type === 'chaos')).toMatchObject([{ kind: 'latency', attempt: 1 }]);
    const off = make({ chaos: { latency: { rate: 1, ms: 5 }, enabled: false } });
    expect(off.health()).not.toHaveProperty('chaos');
  });
});
