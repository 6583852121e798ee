import { BrokenCircuitError, McpCallError } from '@res/mcp';
import { fakeServer, inBand, toolError, type InMemoryServerHandle } from '@res/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { createExcalidrawClient, excalidrawCatalog, excalidrawPresets, type ExcalidrawClient } from '../src/index.js';

const fast = { baseDelay: 1, maxDelay: 5, jitter: 'none' } as const;
const canvasDown = inBand.successFalse('Element query failed: Failed to sync query to canvas: Canvas server is not available');
const rectangle = { request: { type: 'rectangle', x: 10, y: 20 } } as const;

let server: InMemoryServerHandle | undefined;
let draw: ExcalidrawClient | undefined;

function connectTo(options: Parameters<typeof fakeServer>[1] = {}, extra?: Parameters<typeof createExcalidrawClient>[0]): { server: InMemoryServerHandle; draw: ExcalidrawClient } {
  server = fakeServer(excalidrawCatalog, { name: 'excalidraw', ...options }).inMemory();
  const handle = server;
  draw = createExcalidrawClient({ connect: () => handle.transport(), policy: fast, ...extra });
  return { server: handle, draw };
}

afterEach(async () => {
  await draw?.close();
  await server?.close();
  draw = undefined;
  server = undefined;
});

describe('credentials', () => {
  it('needs none, and builds without starting anything', () => {
    draw = createExcalidrawClient({ env: {} });
    expect(draw.client.name).toBe('excalidraw');
    expect(draw.client.connected).toBe(false);
    expect(draw.health().calls).toBe(0);
  });
});

describe('presets', () => {
  it('default is the documented numbers', () => {
    draw = createExcalidrawClient();
    expect(draw.client.policy).toMatchObject({
      timeout: 15_000, failureThreshold: 5, recoveryTimeout: 30_000, halfOpenMaxCalls: 1, maxAttempts: 2,
      backoff: 'exponential', baseDelay: 250, factor: 2, maxDelay: 2_000, jitter: 'full',
    });
    expect(draw.client.policy.rateLimit).toBeUndefined();
    expect(Object.keys(excalidrawPresets)).toEqual(['default']);
  });

  it('gives POST-backed tools 60 s and one attempt, health_check 45 s', () => {
    const posts = ['create_element', 'batch_create_elements', 'group_elements', 'align_elements', 'distribute_elements', 'lock_elements', 'unlock_elements'];
    for (const [name, entry] of Object.entries(excalidrawCatalog)) {
      const post = posts.includes(name);
      expect({ name, timeout: 'timeout' in entry ? entry.timeout : undefined, maxAttempts: 'maxAttempts' in entry ? entry.maxAttempts : undefined })
        .toEqual({ name, timeout: post ? 60_000 : name === 'health_check' ? 45_000 : undefined, maxAttempts: post ? 1 : undefined });
    }
    expect(Object.keys(excalidrawCatalog)).toHaveLength(14);
  });

  it('rejects an unknown preset naming the choices', () => {
    expect(() => createExcalidrawClient({ preset: 'nope' as 'default' })).toThrow(/preset must be one of 'default', 'external-api'/);
  });
});

describe('against a fake Excalidraw-MCP', () => {
  it('never sends create_element or batch_create_elements twice, whatever fails', async () => {
    const { server, draw } = connectTo({ faults: { create_element: inBand.successFalse('Failed to create element on canvas'), batch_create_elements: { type: 'crash' } } });
    await expect(draw.call('create_element', rectangle)).rejects.toMatchObject({ kind: 'tool', sent: true });
    await expect(draw.call('batch_create_elements', { request: { elements: [{ type: 'ellipse' }] } })).rejects.toMatchObject({ kind: 'transport' });
    expect(server.calls('create_element')).toBe(1);
    expect(server.calls('batch_create_elements')).toBe(1);
    expect(draw.health().retries).toBe(0);
  });

  it('sends idempotent POST-backed tools once too (the server already retried), unless the caller asks', async () => {
    const { server, draw } = connectTo({ faults: { lock_elements: canvasDown } }, { tools: { lock_elements: { retry: { maxAttempts: 3 } } } });
    server.setFault('align_elements', canvasDown);
    await expect(draw.call('align_elements', { request: { elementIds: ['a', 'b'], alignment: 'left' } })).rejects.toMatchObject({ kind: 'tool' });
    expect(server.calls('align_elements')).toBe(1);
    await expect(draw.call('lock_elements', { element_ids: ['a'] })).rejects.toMatchObject({ kind: 'tool' });
    expect(server.calls('lock_elements')).toBe(3);
  });

  it('retries reads and PUT-backed updates after a canvas fault', async () => {
    const { server, draw } = connectTo({
      faults: { query_elements: { type: 'fail-first', count: 1, fault: canvasDown }, update_element: { type: 'fail-first', count: 1, fault: inBand.successFalse('Failed to update element on canvas') } },
    });
    expect((await draw.call('query_elements', { request: {} })).isError).toBeUndefined();
    expect((await draw.call('update_element', { request: { id: 'a', x: 5 } })).isError).toBeUndefined();
    expect(server.calls('query_elements')).toBe(2);
    expect(server.calls('update_element')).toBe(2);
    expect(draw.health()).toMatchObject({ retries: 2, failures: 0, successes: 2 });
  });

  it('opens the breaker after five failed calls and then rejects without sending', async () => {
    const { server, draw } = connectTo({ faults: { query_elements: canvasDown } });
    for (let i = 0; i < 5; i++) await expect(draw.call('query_elements', { request: {} })).rejects.toBeInstanceOf(McpCallError);
    expect(server.calls('query_elements')).toBe(10);
    await expect(draw.call('health_check', {})).rejects.toBeInstanceOf(BrokenCircuitError);
    expect(server.calls('health_check')).toBe(0);
    expect(draw.health()).toMatchObject({ state: 'open', rejections: 1 });
  });

  it('treats validation messages and invalid arguments as caller errors: not retried, not counted', async () => {
    const { server, draw } = connectTo({
      faults: {
        batch_create_elements: inBand.successFalse('Batch size exceeds maximum limit of 50'),
        group_elements: inBand.successFalse('At least 2 elements required for grouping'),
        get_resource: inBand.successFalse('Invalid resource type. Must be one of: scene, library, theme, elements'),
        update_element: inBand.successFalse('Element ID is required for updates'),
        query_elements: toolError.invalidParams('1 validation error for call[query_elements]'),
      },
    });
    for (let i = 0; i < 3; i++) {
      await expect(draw.call('batch_create_elements', { request: { elements: [] } })).rejects.toMatchObject({ kind: 'caller', message: expect.stringContaining('Batch size exceeds') as unknown });
      await expect(draw.call('group_elements', { element_ids: ['a'] })).rejects.toMatchObject({ kind: 'caller' });
    }
    await expect(draw.callTool('get_resource', { resource_type: 'nope' })).rejects.toMatchObject({ kind: 'caller' });
    await expect(draw.call('update_element', { request: { id: '' } })).rejects.toMatchObject({ kind: 'caller' });
    await expect(draw.call('query_elements', { request: {} })).rejects.toMatchObject({ kind: 'caller' });
    expect(server.calls()).toBe(9);
    expect(draw.health()).toMatchObject({ state: 'closed', failures: 0 });
  });

  it('keeps canvas routes that do not exist out of the breaker count', async () => {
    const { server, draw } = connectTo({
      faults: {
        group_elements: inBand.successFalse('Failed to group elements on canvas'),
        distribute_elements: inBand.successFalse('Failed to distribute elements on canvas'),
        get_resource: inBand.successFalse('Failed to retrieve scene resource from canvas'),
      },
    });
    for (let i = 0; i < 6; i++) {
      await expect(draw.call('group_elements', { element_ids: ['a', 'b'] })).rejects.toMatchObject({ kind: 'tool', counted: false });
      await expect(draw.call('distribute_elements', { request: { elementIds: ['a', 'b'], direction: 'horizontal' } })).rejects.toMatchObject({ counted: false });
    }
    await expect(draw.call('get_resource', { resource_type: 'scene' })).rejects.toMatchObject({ counted: false });
    expect(server.calls('group_elements')).toBe(6);
    expect(server.calls('distribute_elements')).toBe(6);
    expect(draw.health().state).toBe('closed');
    expect((await draw.call('query_elements', { request: {} })).isError).toBeUndefined();
  });

  it('refuses canvas tools under EXCALIDRAW_TOOL_PROFILE=minimal, naming the variable, without sending', async () => {
    const { server, draw } = connectTo({ profile: 'minimal' });
    await expect(draw.call('create_element', rectangle)).rejects.toMatchObject({
      kind: 'caller',
      message: expect.stringMatching(/"create_element" is in the catalog but the server does not offer it \(its tool set depends on EXCALIDRAW_TOOL_PROFILE\)/) as unknown,
    });
    expect(server.calls()).toBe(0);
    expect((await draw.call('health_check', {})).isError).toBeUndefined();
  });
});
