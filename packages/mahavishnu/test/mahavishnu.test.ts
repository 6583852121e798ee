import { BrokenCircuitError, McpCallError } from '@res/mcp';
import { fakeServer, inBand, toolError, type InMemoryServerHandle } from '@res/testkit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMahavishnuClient, mahavishnuCatalog, mahavishnuPresets, type MahavishnuClient } from '../src/index.js';

const fast = { baseDelay: 1, maxDelay: 5, jitter: 'none' } as const;
const workflow = { adapter: 'prefect', task_type: 'code_review', timeout: 600 } as const;

let server: InMemoryServerHandle | undefined;
let mhv: MahavishnuClient | undefined;

function connectTo(options: Parameters<typeof fakeServer>[1] = {}, policy: object = fast): { server: InMemoryServerHandle; mhv: MahavishnuClient } {
  server = fakeServer(mahavishnuCatalog, { name: 'mahavishnu', ...options }).inMemory();
  const handle = server;
  mhv = createMahavishnuClient({ connect: () => handle.transport(), policy });
  return { server: handle, mhv };
}

afterEach(async () => {
  vi.useRealTimers();
  await mhv?.close();
  await server?.close();
  mhv = undefined;
  server = undefined;
});

describe('credentials', () => {
  it('needs none, and builds without starting anything', () => {
    mhv = createMahavishnuClient({ env: {} });
    expect(mhv.client.name).toBe('mahavishnu');
    expect(mhv.client.connected).toBe(false);
    expect(mhv.health().calls).toBe(0);
  });
});

describe('presets', () => {
  it('default is the documented numbers', () => {
    mhv = createMahavishnuClient();
    expect(mhv.client.policy).toMatchObject({
      timeout: 30_000, connectTimeout: 15_000, failureThreshold: 5, recoveryTimeout: 60_000, halfOpenMaxCalls: 1, maxAttempts: 3,
      backoff: 'exponential', baseDelay: 500, factor: 2, maxDelay: 5_000, jitter: 'full',
    });
    expect(mhv.client.policy.rateLimit).toBeUndefined();
  });

  it('workflow gives every tool without its own timeout five minutes, and two attempts', () => {
    mhv = createMahavishnuClient({ preset: 'workflow' });
    expect(mhv.client.policy).toMatchObject({ timeout: 300_000, maxAttempts: 2, failureThreshold: 5, recoveryTimeout: 60_000, baseDelay: 500, maxDelay: 5_000 });
    expect(Object.keys(mahavishnuPresets)).toEqual(['default', 'workflow']);
  });

  it('gives long tools the server-side timeout plus 30 s', () => {
    const timeouts = Object.fromEntries(Object.entries(mahavishnuCatalog).flatMap(([name, entry]) => ('timeout' in entry ? [[name, entry.timeout]] : [])));
    expect(timeouts).toEqual({
      trigger_workflow: 630_000, pool_execute: 330_000, pool_route_execute: 330_000, worker_execute: 330_000, worker_execute_batch: 330_000,
      openhands_openhands_run: 630_000, wait_for_state: 35_000, launch_worker: 35_000, wait_for_dependency: 35_000,
      wait_for_all_dependencies: 65_000, health_check_service: 10_000, mcp_test_connection: 10_000,
    });
    expect(Object.keys(mahavishnuCatalog)).toHaveLength(144);
  });

  it('rejects an unknown preset naming the choices', () => {
    expect(() => createMahavishnuClient({ preset: 'nope' as 'default' })).toThrow(/preset must be one of 'default', 'workflow', 'external-api'/);
  });
});

describe('against a fake Mahavishnu', () => {
  it('never sends executes, sends or workflows twice, whatever fails', async () => {
    const { server, mhv } = connectTo({
      faults: {
        trigger_workflow: inBand.workflowFailed('step 2 raised'),
        pool_route_execute: inBand.statusFailed('worker crashed'),
        send_input: { type: 'crash' },
        worker_execute: { type: 'is-error', text: "Error calling tool 'worker_execute': connection reset" },
        terminal_close_all: inBand.statusError('tmux server unavailable'),
      },
    });
    await expect(mhv.call('trigger_workflow', workflow)).rejects.toMatchObject({ kind: 'tool', counted: false, sent: true });
    await expect(mhv.call('pool_route_execute', { prompt: 'p' })).rejects.toMatchObject({ kind: 'tool', counted: false });
    await expect(mhv.call('send_input', { worker_id: 'w', input: 'ls' })).rejects.toMatchObject({ kind: 'transport' });
    await expect(mhv.call('worker_execute', { worker_id: 'w', prompt: 'p' })).rejects.toMatchObject({ kind: 'tool' });
    await expect(mhv.call('terminal_close_all', {})).rejects.toMatchObject({ kind: 'tool' });
    expect(server.calls()).toBe(5);
    expect(mhv.health().retries).toBe(0);
  });

  it('reports a pool quota as a rate limit of retry_after_seconds × 1000, never re-sent, never counted', async () => {
    const { server, mhv } = connectTo({ faults: { pool_execute: inBand.rateLimited(2) } });
    for (let i = 0; i < 6; i++) {
      await expect(mhv.call('pool_execute', { pool_id: 'p1', prompt: 'p', caller_kind: 'cli' })).rejects.toMatchObject({ kind: 'rate-limit', retryAfter: 2_000, sent: true });
    }
    expect(server.calls('pool_execute')).toBe(6);
    expect(mhv.health().state).toBe('closed');
  });

  it('waits retry_after_seconds before retrying a read', async () => {
    vi.useFakeTimers();
    const { server, mhv } = connectTo({ faults: { pool_search_memory: { type: 'fail-first', count: 1, fault: inBand.rateLimited(2) } } }, { ...fast, maxDelay: 10_000 });
    const call = mhv.callTool('pool_search_memory', { query: 'q' });
    await vi.advanceTimersByTimeAsync(1_999);
    expect(server.calls('pool_search_memory')).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect((await call).isError).toBeUndefined();
    expect(server.calls('pool_search_memory')).toBe(2);
  });

  it("keeps workflows' own failures out of the breaker, and returns failed records to readers", async () => {
    const failedRecord = { workflow_id: 'wf_1', status: 'failed', progress: 100, errors_count: 1 };
    const { server, mhv } = connectTo({ faults: { trigger_workflow: inBand.workflowFailed('Workflow timed out', 'wf_timeout_1') }, results: { get_workflow_status: failedRecord } });
    for (let i = 0; i < 6; i++) await expect(mhv.call('trigger_workflow', workflow)).rejects.toMatchObject({ kind: 'tool', counted: false });
    expect(mhv.health().state).toBe('closed');
    expect((await mhv.call('get_workflow_status', { workflow_id: 'wf_1' })).structuredContent).toEqual(failedRecord);
    expect(server.calls('get_workflow_status')).toBe(1);
  });

  it('retries reads after a transient status:error', async () => {
    const { server, mhv } = connectTo({ faults: { list_workflows: { type: 'fail-first', count: 2, fault: inBand.statusError('Failed to list workflows: connection refused') } } });
    expect((await mhv.call('list_workflows', { limit: 5 })).isError).toBeUndefined();
    expect(server.calls('list_workflows')).toBe(3);
    expect(mhv.health()).toMatchObject({ retries: 2, failures: 0, successes: 1 });
  });

  it('opens the breaker after five failed calls and then rejects without sending', async () => {
    const { server, mhv } = connectTo({ faults: { get_health: inBand.statusError('OpenSearch query failed') } });
    for (let i = 0; i < 5; i++) await expect(mhv.call('get_health', {})).rejects.toBeInstanceOf(McpCallError);
    expect(server.calls('get_health')).toBe(15);
    await expect(mhv.call('list_repos', {})).rejects.toBeInstanceOf(BrokenCircuitError);
    expect(server.calls('list_repos')).toBe(0);
    expect(mhv.health()).toMatchObject({ state: 'open', rejections: 1 });
  });

  it('does not count an unsafe tool reporting the failure of its own work', async () => {
    const { server, mhv } = connectTo({ faults: { terminal_send: inBand.statusError('Session s1 is not responding') } });
    for (let i = 0; i < 6; i++) await expect(mhv.call('terminal_send', { session_id: 's1', command: 'ls' })).rejects.toMatchObject({ kind: 'tool', counted: false });
    expect(server.calls('terminal_send')).toBe(6);
    expect(mhv.health().state).toBe('closed');
  });

  it('treats definitive messages as caller errors: not retried, not counted', async () => {
    const { server, mhv } = connectTo({
      faults: {
        list_workflows: inBand.statusError("Invalid status: nope. Valid statuses: ['pending', 'running']"),
        worker_close: inBand.successFalse('worker_manager_unconfigured'),
        get_observability_metrics: { type: 'in-band', body: { error: 'Observability system not initialized', metrics: {} } },
        team_from_goal: { type: 'in-band', body: { success: false, error: { code: 'MHV-468', message: 'Goal-Driven Teams feature is disabled.' } } },
        pool_scale: inBand.statusFailed('Pool not found: p9'),
        worker_execute: toolError.invalidParams('timeout must be between 30 and 3600'),
      },
    });
    for (let i = 0; i < 2; i++) {
      await expect(mhv.call('list_workflows', { status: 'nope' })).rejects.toMatchObject({ kind: 'caller' });
      await expect(mhv.callTool('worker_close', { worker_id: 'w' })).rejects.toMatchObject({ kind: 'caller' });
      await expect(mhv.call('get_observability_metrics', {})).rejects.toMatchObject({ kind: 'caller', message: expect.stringContaining('not initialized') as unknown });
      await expect(mhv.call('team_from_goal', { goal: 'g' })).rejects.toMatchObject({ kind: 'caller' });
      await expect(mhv.call('pool_scale', { pool_id: 'p9', target_workers: 2 })).rejects.toMatchObject({ kind: 'caller' });
      await expect(mhv.call('worker_execute', { worker_id: 'w', prompt: 'p', timeout: 5 })).rejects.toMatchObject({ kind: 'caller' });
    }
    expect(server.calls()).toBe(12);
    expect(mhv.health()).toMatchObject({ state: 'closed', failures: 0 });
  });

  it('returns definitive statuses as answers', async () => {
    const { server, mhv } = connectTo({
      results: {
        workflow_result: { workflow_id: 'wf_x', status: 'not_found' },
        health_check_service: { service_name: 'akosha', status: 'unhealthy', error: 'connection refused', latency_ms: 3 },
        get_workflow_status: { workflow_id: 'wf_y', status: 'forbidden', error: 'User u does not have permission to view workflow status' },
      },
    });
    expect((await mhv.call('workflow_result', { workflow_id: 'wf_x' })).isError).toBeUndefined();
    expect((await mhv.call('health_check_service', { service_name: 'akosha', port: 8682 })).isError).toBeUndefined();
    expect((await mhv.call('get_workflow_status', { workflow_id: 'wf_y', user_id: 'u' })).isError).toBeUndefined();
    expect(server.calls()).toBe(3);
    expect(mhv.health()).toMatchObject({ successes: 3, retries: 0 });
  });

  it('refuses tools the profile or a runtime gate removed, naming MAHAVISHNU_TOOL_PROFILE, without sending', async () => {
    const { server, mhv } = connectTo({ profile: 'minimal', omit: ['worktree_manage'] });
    const absent = (tool: string): unknown =>
      expect.stringMatching(new RegExp(`"${tool}" is in the catalog but the server does not offer it \\(its tool set depends on MAHAVISHNU_TOOL_PROFILE\\)`));
    await expect(mhv.call('pool_execute', { pool_id: 'p1', prompt: 'p' })).rejects.toMatchObject({ kind: 'caller', message: absent('pool_execute') });
    await expect(mhv.call('worktree_manage', { action: 'list' })).rejects.toMatchObject({ kind: 'caller', message: absent('worktree_manage') });
    expect(server.calls()).toBe(0);
    expect((await mhv.call('get_workflow_status', { workflow_id: 'wf_1' })).isError).toBeUndefined();
  });
});
