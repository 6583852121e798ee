import { BrokenCircuitError, McpCallError } from '@res/mcp';
import { toolError } from '@res/testkit';
import { adapterContract } from '@res/testkit/contract';
import { describe, expect, it } from 'vitest';
import { excalidrawAdapter, excalidrawCatalog } from '../src/index.js';
import { excalidrawFaults } from '../src/testing.js';

const { successFalse } = excalidrawFaults;
const canvasDown = successFalse('Element query failed: Failed to sync query to canvas: Canvas server is not available');
const rectangle = { request: { type: 'rectangle', x: 10, y: 20 } } as const;

const rig = adapterContract({
  adapter: excalidrawAdapter,
  presets: {
    names: ['default'],
    default: {
      timeout: 15_000, failureThreshold: 5, recoveryTimeout: 30_000, halfOpenMaxCalls: 1, maxAttempts: 2,
      backoff: 'exponential', baseDelay: 250, factor: 2, maxDelay: 2_000, jitter: 'full',
    },
    rateLimit: false,
  },
  breaker: {
    tool: 'query_elements', args: () => ({ request: {} }), fault: canvasDown, threshold: 5, sent: 10,
    failure: McpCallError, open: BrokenCircuitError, probe: { tool: 'health_check', args: {} },
  },
  absent: [{
    fake: { profile: 'minimal' },
    refused: [{ tool: 'create_element', args: rectangle }],
    dependsOn: 'EXCALIDRAW_TOOL_PROFILE)',
    offered: { tool: 'health_check', args: {} },
  }],
});

describe('catalog', () => {
  it('gives POST-backed tools 60 s and one attempt, health_check 45 s', () => {
    const posts = ['create_element', 'batch_create_elements', 'group_elements', 'align_elements', 'distribute_elements', 'lock_elements', 'unlock_elements'];
    for (const [name, entry] of Object.entries(excalidrawCatalog)) {
      const post = posts.includes(name);
      expect({ name, timeout: 'timeout' in entry ? entry.timeout : undefined, maxAttempts: 'maxAttempts' in entry ? entry.maxAttempts : undefined })
        .toEqual({ name, timeout: post ? 60_000 : name === 'health_check' ? 45_000 : undefined, maxAttempts: post ? 1 : undefined });
    }
    expect(Object.keys(excalidrawCatalog)).toHaveLength(14);
  });
});

describe('against a fake Excalidraw-MCP', () => {
  it('never sends create_element or batch_create_elements twice, whatever fails', async () => {
    const { server, client: draw } = rig.connect({ faults: { create_element: successFalse('Failed to create element on canvas'), batch_create_elements: { type: 'crash' } } });
    await expect(draw.call('create_element', rectangle)).rejects.toMatchObject({ kind: 'tool', sent: true });
    await expect(draw.call('batch_create_elements', { request: { elements: [{ type: 'ellipse' }] } })).rejects.toMatchObject({ kind: 'transport' });
    expect(server.calls('create_element')).toBe(1);
    expect(server.calls('batch_create_elements')).toBe(1);
    expect(draw.health().retries).toBe(0);
  });

  it('sends idempotent POST-backed tools once too (the server already retried), unless the caller asks', async () => {
    const { server, client: draw } = rig.connect({ faults: { lock_elements: canvasDown } }, { tools: { lock_elements: { retry: { maxAttempts: 3 } } } });
    server.setFault('align_elements', canvasDown);
    await expect(draw.call('align_elements', { request: { elementIds: ['a', 'b'], alignment: 'left' } })).rejects.toMatchObject({ kind: 'tool' });
    expect(server.calls('align_elements')).toBe(1);
    await expect(draw.call('lock_elements', { element_ids: ['a'] })).rejects.toMatchObject({ kind: 'tool' });
    expect(server.calls('lock_elements')).toBe(3);
  });

  it('retries reads and PUT-backed updates after a canvas fault', async () => {
    const { server, client: draw } = rig.connect({
      faults: { query_elements: { type: 'fail-first', count: 1, fault: canvasDown }, update_element: { type: 'fail-first', count: 1, fault: successFalse('Failed to update element on canvas') } },
    });
    expect((await draw.call('query_elements', { request: {} })).isError).toBeUndefined();
    expect((await draw.call('update_element', { request: { id: 'a', x: 5 } })).isError).toBeUndefined();
    expect(server.calls('query_elements')).toBe(2);
    expect(server.calls('update_element')).toBe(2);
    expect(draw.health()).toMatchObject({ retries: 2, failures: 0, successes: 2 });
  });

  it('treats validation messages and invalid arguments as caller errors: not retried, not counted', async () => {
    const { server, client: draw } = rig.connect({
      faults: {
        batch_create_elements: successFalse('Batch size exceeds maximum limit of 50'),
        group_elements: successFalse('At least 2 elements required for grouping'),
        get_resource: successFalse('Invalid resource type. Must be one of: scene, library, theme, elements'),
        update_element: successFalse('Element ID is required for updates'),
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
    const { server, client: draw } = rig.connect({
      faults: {
        group_elements: successFalse('Failed to group elements on canvas'),
        distribute_elements: successFalse('Failed to distribute elements on canvas'),
        get_resource: successFalse('Failed to retrieve scene resource from canvas'),
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
});
