import { BrokenCircuitError, McpCallError } from '@res/mcp';
import { toolError } from '@res/testkit';
import { adapterContract } from '@res/testkit/contract';
import { describe, expect, it } from 'vitest';
import { akoshaAdapter, akoshaCatalog } from '../src/index.js';
import { akoshaFaults } from '../src/testing.js';

const { statusError, statusFailed } = akoshaFaults;
const memory = { memory_id: 'mem_1', text: 'How to implement JWT authentication', embedding: Array.from({ length: 384 }, () => 0.1) };

const rig = adapterContract({
  adapter: akoshaAdapter,
  presets: {
    names: ['default'],
    default: {
      timeout: 30_000, failureThreshold: 5, recoveryTimeout: 30_000, halfOpenMaxCalls: 1, maxAttempts: 2,
      backoff: 'exponential', baseDelay: 500, factor: 2, maxDelay: 4_000, jitter: 'full', bulkhead: { limit: 4, queue: 16 },
    },
    rateLimit: false,
  },
  breaker: {
    tool: 'generate_embedding', args: () => ({ text: 'a' }), fault: { type: 'is-error', text: "Error calling tool 'generate_embedding': model crashed" }, threshold: 5, sent: 10,
    failure: McpCallError, open: BrokenCircuitError, probe: { tool: 'get_liveness', args: {} },
  },
  absent: [{
    fake: { profile: 'standard' },
    refused: [{ tool: 'store_memory', args: memory }],
    dependsOn: 'AKOSHA_TOOL_PROFILE)',
    offered: { tool: 'generate_embedding', args: { text: 'a' } },
  }],
});

describe('catalog', () => {
  it('gives the long tools their own timeouts, and batch embeddings one attempt', () => {
    const timeouts = Object.fromEntries(Object.entries(akoshaCatalog).flatMap(([name, entry]) => ('timeout' in entry ? [[name, entry.timeout]] : [])));
    expect(timeouts).toEqual({
      generate_batch_embeddings: 120_000, search_all_systems: 60_000, batch_store_memories: 120_000,
      run_fitness_analysis: 120_000, wait_for_dependency: 35_000, wait_for_all_dependencies: 65_000,
    });
    expect(akoshaCatalog.generate_batch_embeddings.maxAttempts).toBe(1);
    expect(Object.keys(akoshaCatalog)).toHaveLength(28);
  });
});

describe('against a fake Akosha', () => {
  it('never sends stores, publishes or fitness runs twice, whatever fails', async () => {
    const { server, client: akosha } = rig.connect({
      faults: {
        store_memory: statusFailed('database is locked'),
        batch_store_memories: { type: 'crash' },
        publish_to_eventbridge: { type: 'is-error', text: "Error calling tool 'publish_to_eventbridge': stream closed" },
        run_fitness_analysis: statusError('FitnessAnalyzer not initialized. Server may still be starting up.'),
      },
    });
    await expect(akosha.call('store_memory', memory)).rejects.toMatchObject({ kind: 'tool', sent: true });
    await expect(akosha.call('batch_store_memories', { memories: [memory] })).rejects.toMatchObject({ kind: 'transport' });
    await expect(akosha.call('publish_to_eventbridge', { topic: 't', payload: {} })).rejects.toMatchObject({ kind: 'tool' });
    await expect(akosha.call('run_fitness_analysis', {})).rejects.toMatchObject({ kind: 'tool' });
    expect(server.calls()).toBe(4);
    expect(akosha.health().retries).toBe(0);
  });

  it('retries reads after status:error, in either of its spellings', async () => {
    const { server, client: akosha } = rig.connect({
      faults: {
        get_code_problems: { type: 'fail-first', count: 1, fault: { type: 'in-band', body: { status: 'error', message: 'Failed to get problems: database is locked', problems: [] } } },
        get_fitness_analyzer_status: { type: 'fail-first', count: 1, fault: statusError('FitnessAnalyzer not initialized. Server may still be starting up.') },
      },
    });
    expect((await akosha.call('get_code_problems', { file_path: 'a.py' })).isError).toBeUndefined();
    expect((await akosha.call('get_fitness_analyzer_status', {})).isError).toBeUndefined();
    expect(server.calls()).toBe(4);
    expect(akosha.health()).toMatchObject({ retries: 2, failures: 0, successes: 2 });
  });

  it('sends generate_batch_embeddings once: a failure there usually means overload', async () => {
    const { server, client: akosha } = rig.connect({ faults: { generate_batch_embeddings: { type: 'is-error', text: 'Error calling tool: out of memory' } } });
    await expect(akosha.call('generate_batch_embeddings', { texts: ['a', 'b'] })).rejects.toMatchObject({ kind: 'tool' });
    expect(server.calls('generate_batch_embeddings')).toBe(1);
  });

  it('returns "Insufficient data" and partial batches as answers', async () => {
    const insufficient = { metric_name: 'latency', error: 'Insufficient data for trend analysis', system_id: null, time_window_days: 7 };
    const partial = { status: 'partial', total: 2, stored: 1, failed: 1, errors: [{ memory_id: 'mem_2', error: 'Missing required field (memory_id or text)' }] };
    const { server, client: akosha } = rig.connect({ results: { analyze_trends: insufficient, batch_store_memories: partial } });
    expect((await akosha.call('analyze_trends', { metric_name: 'latency' })).structuredContent).toEqual(insufficient);
    expect((await akosha.call('batch_store_memories', { memories: [memory] })).structuredContent).toEqual(partial);
    expect(server.calls()).toBe(2);
    expect(akosha.health()).toMatchObject({ successes: 2, failures: 0 });
  });

  it('treats validation, key conflicts and refused batches as caller errors: not retried, not counted', async () => {
    const refused = { status: 'failed', total: 1, stored: 0, failed: 1, errors: [{ memory_id: 'mem_1', error: 'duplicate key value violates unique constraint' }] };
    const { server, client: akosha } = rig.connect({
      faults: {
        store_memory: statusFailed('Embedding is required: must be a 384-dimensional vector'),
        batch_store_memories: { type: 'in-band', body: refused },
        generate_embedding: { type: 'is-error', text: "Error calling tool 'generate_embedding': Input validation failed: Text cannot contain null bytes" },
        search_all_systems: { type: 'is-error', text: 'Authentication required. Please provide a valid JWT token.' },
        find_path: toolError.invalidParams('Input validation error: source_id is required'),
      },
    });
    for (let i = 0; i < 3; i++) {
      await expect(akosha.call('store_memory', { memory_id: 'm', text: 't' })).rejects.toMatchObject({ kind: 'caller' });
      await expect(akosha.call('batch_store_memories', { memories: [memory] })).rejects.toMatchObject({ kind: 'caller' });
      await expect(akosha.call('generate_embedding', { text: 'a\u0000' })).rejects.toMatchObject({ kind: 'caller' });
      await expect(akosha.call('search_all_systems', { query: 'q' })).rejects.toMatchObject({ kind: 'caller' });
    }
    server.setFault('batch_store_memories', { type: 'in-band', body: { status: 'failed', total: 1001, stored: 0, failed: 1001, error: 'Batch size exceeds maximum of 1000 memories' } });
    await expect(akosha.call('batch_store_memories', { memories: [] })).rejects.toMatchObject({ kind: 'caller' });
    await expect(akosha.callTool('find_path', {})).rejects.toMatchObject({ kind: 'caller' });
    expect(server.calls()).toBe(14);
    expect(akosha.health()).toMatchObject({ state: 'closed', failures: 0 });
  });
});
