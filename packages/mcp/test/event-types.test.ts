import { createInMemoryServer, type InMemoryServerHandle } from '@res/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { CLIENT_EVENT_TYPES, ResilientClient, type ClientEvent, type ClientEventType } from '../src/index.js';

let server: InMemoryServerHandle | undefined;
let client: ResilientClient | undefined;
afterEach(async () => {
  await client?.close();
  await server?.close();
  client = server = undefined;
});

function rig(): ResilientClient {
  const handle = createInMemoryServer();
  server = handle;
  client = new ResilientClient({ name: 'svc', connect: () => handle.transport(), policy: { maxAttempts: 2, baseDelay: 1, maxDelay: 1, jitter: 'none', failureThreshold: 1, recoveryTimeout: 60_000 } });
  return client;
}

const typesOf = (events: ClientEvent[]): ClientEventType[] => events.map((event) => event.type);

describe("on('event', listener, { types })", () => {
  it('a listener with types hears only those, in order; one without hears every event, call events included', async () => {
    const client = rig();
    const all: ClientEvent[] = [];
    const some: ClientEvent[] = [];
    const calls: ClientEvent[] = [];
    client.on('event', (event) => all.push(event));
    client.on('event', (event) => some.push(event), { types: ['connect', 'state-change'] });
    client.on('event', (event) => calls.push(event), { types: ['call-end'] });
    await client.callTool('read_item', { id: '1' });
    server?.setFault('read_item', { type: 'rpc-error', code: -32603 });
    await client.callTool('read_item', { id: '1' }).catch(() => undefined);
    expect(typesOf(all)).toEqual(['call-start', 'connect', 'call-end', 'call-start', 'retry', 'state-change', 'call-end']);
    expect(typesOf(some)).toEqual(['connect', 'state-change']);
    expect(calls).toEqual(all.filter((event) => event.type === 'call-end'));
  });

  it('the unsubscribe of either kind stops every event it was given', async () => {
    const client = rig();
    const all: ClientEvent[] = [];
    const some: ClientEvent[] = [];
    client.on('event', (event) => all.push(event))();
    client.on('event', (event) => some.push(event), { types: ['call-start', 'connect'] })();
    await client.callTool('read_item', { id: '1' });
    expect(all).toEqual([]);
    expect(some).toEqual([]);
  });

  it.each([
    [[], 'options.types is empty; name at least one event type'],
    ['connect', 'options.types must be an array of event types, got "connect"'],
    [['connect', 'conect'], 'options.types has an unknown event type "conect"; known: call-start, call-end,'],
  ])('bad types %j are a TypeError naming the option and the value', (types, message) => {
    const client = rig();
    expect(() => client.on('event', () => undefined, { types: types as ClientEventType[] })).toThrow(TypeError);
    expect(() => client.on('event', () => undefined, { types: types as ClientEventType[] })).toThrow(message);
  });

  it('CLIENT_EVENT_TYPES lists every type, each once', () => {
    expect(new Set(CLIENT_EVENT_TYPES).size).toBe(CLIENT_EVENT_TYPES.length);
    expect(CLIENT_EVENT_TYPES).toEqual(expect.arrayContaining(['call-start', 'call-end', 'retry', 'state-change', 'connect', 'reconnect', 'disconnect', 'concurrency-limit']));
    expect(Object.isFrozen(CLIENT_EVENT_TYPES)).toBe(true);
  });
});
