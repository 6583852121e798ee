import { BrokenCircuitError, McpCallError } from '@res/mcp';
import { toolError } from '@res/testkit';
import { adapterContract, QUICK } from '@res/testkit/contract';
import { describe, expect, it, vi } from 'vitest';
import { mahavishnuAdapter, mahavishnuCatalog } from '../src/index.js';
import { mahavishnuFaults } from '../src/testing.js';

const { rateLimited, statusError, statusFailed, successFalse, workflowFailed } = mahavishnuFaults;
const workflow = { adapter: 'prefect', task_type: 'code_review', timeout: 600 } as const;

const rig = adapterContract({
  adapter: mahavishnuAdapter,
  presets: {
    names: ['default', 'workflow'],
    default: {
      timeout: 30_000, connectTimeout: 15_000, failureThreshold: 5, recoveryTimeout: 60_000, halfOpenMaxCalls: 1, maxAttempts: 3,
      backoff: 'exponential', baseDelay: 500, factor: 2, maxDelay: 5_000, jitter: 'full',
    },
    rateLimit: false,
  },
  breaker: {
    tool: 'get_health', args: () => ({}), fault: statusError('OpenSearch query failed'), threshold: 5, sent: 15,
    failure: McpCallError, open: BrokenCircuitError, probe: { tool: 'list_repos', args: {} },
  },
  absent: [{
    // The minimal profile, and a runtime gate (no WorktreeCoordinator).
    fake: { profile: 'minimal', omit: ['worktree_manage'] },
    refused: [{ tool: 'pool_execute', args: { pool_id: 'p1', prompt: 'p' } }, { tool: 'worktree_manage', args: { action: 'list' } }],
    dependsOn: 'MAHAVISHNU_TOOL_PROFILE)',
    offered: { tool: 'get_workflow_status', args: { workflow_id: 'wf_1' } },
  }],
});

describe('presets', () => {
  it('workflow gives every tool without its own timeout five minutes, and two attempts', () => {
    const mhv = rig.build({ preset: 'workflow' });
    expect(mhv.client.policy).toMatchObject({ timeout: 300_000, maxAttempts: 2, failureThreshold: 5, recoveryTimeout: 60_000, baseDelay: 500, maxDelay: 5_000 });
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
});

describe('against a fake Mahavishnu', () => {
  it('never sends executes, sends or workflows twice, whatever fails', async () => {
    const { server, client: mhv } = rig.connect({
      faults: {
        trigger_workflow: workflowFailed('step 2 raised'),
        pool_route_execute: statusFailed('worker crashed'),
        send_input: { type: 'crash' },
        worker_execute: { type: 'is-error', text: "Error calling tool 'worker_execute': connection reset" },
        terminal_close_all: statusError('tmux server unavailable'),
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
    const { server, client: mhv } = rig.connect({ faults: { pool_execute: rateLimited(2) } });
    for (let i = 0; i < 6; i++) {
      await expect(mhv.call('pool_execute', { pool_id: 'p1', prompt: 'p', caller_kind: 'cli' })).rejects.toMatchObject({ kind: 'rate-limit', retryAfter: 2_000, sent: true });
    }
    expect(server.calls('pool_execute')).toBe(6);
    expect(mhv.health().state).toBe('closed');
  });

  it('waits retry_after_seconds before retrying a read', async () => {
    vi.useFakeTimers();
    const { server, client: mhv } = rig.connect({ faults: { pool_search_memory: { type: 'fail-first', count: 1, fault: rateLimited(2) } } }, { policy: { ...QUICK, maxDelay: 10_000 } });
    const call = mhv.callTool('pool_search_memory', { query: 'q' });
    await vi.advanceTimersByTimeAsync(1_999);
    expect(server.calls('pool_search_memory')).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect((await call).isError).toBeUndefined();
    expect(server.calls('pool_search_memory')).toBe(2);
  });

  it("keeps workflows' own failures out of the breaker, and returns failed records to readers", async () => {
    const failedRecord = { workflow_id: 'wf_1', status: 'failed', progress: 100, errors_count: 1 };
    const { server, client: mhv } = rig.connect({ faults: { trigger_workflow: workflowFailed('Workflow timed out', 'wf_timeout_1') }, results: { get_workflow_status: failedRecord } });
    for (let i = 0; i < 6; i++) await expect(mhv.call('trigger_workflow', workflow)).rejects.toMatchObject({ kind: 'tool', counted: false });
    expect(mhv.health().state).toBe('closed');
    expect((await mhv.call('get_workflow_status', { workflow_id: 'wf_1' })).structuredContent).toEqual(failedRecord);
    expect(server.calls('get_workflow_status')).toBe(1);
  });

  it('retries reads after a transient status:error', async () => {
    const { server, client: mhv } = rig.connect({ faults: { list_workflows: { type: 'fail-first', count: 2, fault: statusError('Failed to list workflows: connection refused') } } });
    expect((await mhv.call('list_workflows', { limit: 5 })).isError).toBeUndefined();
    expect(server.calls('list_workflows')).toBe(3);
    expect(mhv.health()).toMatchObject({ retries: 2, failures: 0, successes: 1 });
  });

  it('does not count an unsafe tool reporting the failure of its own work', async () => {
    const { server, client: mhv } = rig.connect({ faults: { terminal_send: statusError('Session s1 is not responding') } });
    for (let i = 0; i < 6; i++) await expect(mhv.call('terminal_send', { session_id: 's1', command: 'ls' })).rejects.toMatchObject({ kind: 'tool', counted: false });
    expect(server.calls('terminal_send')).toBe(6);
    expect(mhv.health().state).toBe('closed');
  });

  it('treats definitive messages as caller errors: not retried, not counted', async () => {
    const { server, client: mhv } = rig.connect({
      faults: {
        list_workflows: statusError("Invalid status: nope. Valid statuses: ['pending', 'running']"),
        worker_close: successFalse('worker_manager_unconfigured'),
        get_observability_metrics: { type: 'in-band', body: { error: 'Observability system not initialized', metrics: {} } },
        team_from_goal: { type: 'in-band', body: { success: false, error: { code: 'MHV-468', message: 'Goal-Driven Teams feature is disabled.' } } },
        pool_scale: statusFailed('Pool not found: p9'),
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
    const { server, client: mhv } = rig.connect({
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
});
