/** Mahavishnu: workflow orchestration; failures arrive in-band as `status: error|failed|rate_limited`. */
import { mahavishnuAdapter } from '@res/mahavishnu';
import { mahavishnuFaults } from '@res/mahavishnu/testing';
import { defineDemoServer } from './types.js';

const WORKFLOWS = ['wf_20250310_0815_a1b2', 'wf_20250310_0822_c3d4', 'wf_20250310_0831_e5f6'];
const POOLS = ['pool_local_01', 'pool_gpu_02'];

export const mahavishnu = defineDemoServer({
  adapter: mahavishnuAdapter,
  title: 'Mahavishnu',
  latencyMs: { get_workflow_status: 20, list_workflows: 35, get_health: 15, pool_list: 20, cancel_workflow: 25, trigger_workflow: 120, pool_execute: 150 },
  results: {
    get_workflow_status: { workflow_id: WORKFLOWS[0], status: 'running', adapter: 'prefect', task_type: 'code_sweep', progress: 0.62, started_at: '2025-03-10T08:15:02Z', repos: ['res', 'session-buddy'] },
    list_workflows: {
      workflows: WORKFLOWS.map((workflow_id, index) => ({ workflow_id, status: ['running', 'completed', 'completed'][index], adapter: 'prefect' })),
      total: 3,
      limit: 20,
      offset: 0,
    },
    get_health: { status: 'healthy', components: { adapters: 'healthy', pools: 'healthy', opensearch: 'degraded', state_backend: 'healthy' }, uptime_seconds: 86_412 },
    pool_list: { pools: POOLS.map((pool_id) => ({ pool_id, pool_type: 'mahavishnu', workers: 4, busy: 1 })), total: 2 },
    cancel_workflow: { workflow_id: WORKFLOWS[1], status: 'cancelled' },
    trigger_workflow: { workflow_id: 'wf_20250310_0840_0a1b', status: 'completed', adapter: 'prefect', result: { repos_processed: 2, issues_found: 3 }, errors: [] },
    pool_execute: { pool_id: POOLS[0], status: 'completed', result: { output: 'Summarised 14 failing tests into 3 root causes.' }, duration_seconds: 4.2 },
  },
  workload: [
    { tool: 'get_workflow_status', weight: 3, args: (rng) => ({ workflow_id: rng.pick(WORKFLOWS) }) },
    { tool: 'list_workflows', weight: 2, args: () => ({ status: 'running', limit: 20 }) },
    { tool: 'get_health', weight: 2, args: () => ({}) },
    { tool: 'pool_list', weight: 1, args: () => ({}) },
    { tool: 'cancel_workflow', weight: 1, args: (rng) => ({ workflow_id: rng.pick(WORKFLOWS) }) },
    { tool: 'trigger_workflow', weight: 1, args: (rng) => ({ adapter: 'prefect', task_type: rng.pick(['code_sweep', 'quality_check']), repos: ['res'], timeout: 600 }) },
    { tool: 'pool_execute', weight: 1, args: (rng) => ({ pool_id: rng.pick(POOLS), prompt: 'Summarise the failing tests', caller_kind: 'workflow' }) },
  ],
  cached: ['list_workflows', 'get_health'],
  timeline: [
    {
      at: 0.1,
      label: 'pool quota: rate_limited; a workflow fails',
      faults: { pool_execute: mahavishnuFaults.rateLimited(1, 'workflow'), trigger_workflow: mahavishnuFaults.workflowFailed('step 2 (ruff) raised: exit code 1') },
    },
    { at: 0.24, label: 'calm', faults: {} },
    { at: 0.3, label: 'outage: status error (backend refused)', faults: { '*': mahavishnuFaults.statusError('Connection refused: state backend unavailable (ECONNREFUSED 127.0.0.1:6379)') } },
    { at: 0.5, label: 'calm', faults: {} },
  ],
});
