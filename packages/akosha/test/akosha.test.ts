import { BrokenCircuitError, McpCallError } from '@res/mcp';
import { fakeServer, inBand, toolError, type InMemoryServerHandle } from '@res/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { akoshaCatalog, akoshaPresets, createAkoshaClient, type AkoshaClient } from '../src/index.js';

const fast = { baseDelay: 1, maxDelay: 5, jitter: 'none' } as const;
const memory = { memory_id: 'mem_1', text: 'How to implement JWT authentication', embedding: Array.from({ length: 384 }, () => 0.1) };

let server: InMemoryServerHandle | undefined;
let akosha: AkoshaClient | undefined;

function connectTo(options: Parameters<typeof fakeServer>[1] = {}): { server: InMemoryServerHandle; akosha: AkoshaClient } {
  server = fakeServer(akoshaCatalog, { name: 'akosha', ...options }).inMemory();
  const handle = server;
  akosha = createAkoshaClient({ connect: () => handle.transport(), policy: fast });
  return { server: handle, akosha };
}

afterEach(async () => {
  await akosha?.close();
  await server?.close();
  akosha = undefined;
  server = undefined;
});

describe('credentials', () => {
  it('needs none, and builds without starting anything', () => {
    akosha = createAkoshaClient({ env: {} });
    expect(akosha.client.name).toBe('akosha');
    expect(akosha.client.connected).toBe(false);
    expect(akosha.health().calls).toBe(0);
  });
});

describe('presets', () => {
  it('default is the documented numbers', () => {
    akosha = createAkoshaClient();
    expect(akosha.client.policy).toMatchObject({
      timeout: 30_000, failureThreshold: 5, recoveryTimeout: 30_000, halfOpenMaxCalls: 1, maxAttempts: 2,
      backoff: 'exponential', baseDelay: 500, factor: 2, maxDelay: 4_000, jitter: 'full', bulkhead: { limit: 4, queue: 16 },
    });
    expect(akosha.client.policy.rateLimit).toBeUndefined();
    expect(Object.keys(akoshaPresets)).toEqual(['default']);
  });

  it('gives the long tools their own timeouts, and batch embeddings one attempt', () => {
    const timeouts = Object.fromEntries(Object.entries(akoshaCatalog).flatMap(([name, entry]) => ('timeout' in entry ? [[name, entry.timeout]] : [])));
    expect(timeouts).toEqual({
      generate_batch_embeddings: 120_000, search_all_systems: 60_000, batch_store_memories: 120_000,
      run_fitness_analysis: 120_000, wait_for_dependency: 35_000, wait_for_all_dependencies: 65_000,
    });
    expect(akoshaCatalog.generate_batch_embeddings.maxAttempts).toBe(1);
    expect(Object.keys(akoshaCatalog)).toHaveLength(28);
  });

  it('rejects an unknown preset naming the choices', () => {
    expect(() => createAkoshaClient({ preset: 'nope' as 'default' })).toThrow(/preset must be one of 'default', 'external-api'/);
  });
});

describe('against a fake Akosha', () => {
  it('never sends stores, publishes or fitness runs twice, whatever fails', async () => {
    const { server, akosha } = connectTo({
      faults: {
        store_memory: inBand.statusFailed('database is locked'),
        batch_store_memories: { type: 'crash' },
        publish_to_eventbridge: { type: 'is-error', text: "Error calling tool 'publish_to_eventbridge': stream closed" },
        run_fitness_analysis: inBand.statusError('FitnessAnalyzer not initialized. Server may still be starting up.'),
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
    const { server, akosha } = connectTo({
      faults: {
        get_code_problems: { type: 'fail-first', count: 1, fault: { type: 'in-band', body: { status: 'error', message: 'Failed to get problems: database is locked', problems: [] } } },
        get_fitness_analyzer_status: { type: 'fail-first', count: 1, fault: inBand.statusError('FitnessAnalyzer not initialized. Server may still be starting up.') },
      },
    });
    expect((await akosha.call('get_code_problems', { file_path: 'a.py' })).isError).toBeUndefined();
    expect((await akosha.call('get_fitness_analyzer_status', {})).isError).toBeUndefined();
    expect(server.calls()).toBe(4);
    expect(akosha.health()).toMatchObject({ retries: 2, failures: 0, successes: 2 });
  });

  it('sends generate_batch_embeddings once: a failure there usually means overload', async () => {
    const { server, akosha } = connectTo({ faults: { generate_batch_embeddings: { type: 'is-error', text: 'Error calling tool: out of memory' } } });
    await expect(akosha.call('generate_batch_embeddings', { texts: ['a', 'b'] })).rejects.toMatchObject({ kind: 'tool' });
    expect(server.calls('generate_batch_embeddings')).toBe(1);
  });

  it('returns "Insufficient data" and partial batches as answers', async () => {
    const insufficient = { metric_name: 'latency', error: 'Insufficient data for trend analysis', system_id: null, time_window_days: 7 };
    const partial = { status: 'partial', total: 2, stored: 1, failed: 1, errors: [{ memory_id: 'mem_2', error: 'Missing required field (memory_id or text)' }] };
    const { server, akosha } = connectTo({ results: { analyze_trends: insufficient, batch_store_memories: partial } });
    expect((await akosha.call('analyze_trends', { metric_name: 'latency' })).structuredContent).toEqual(insufficient);
    expect((await akosha.call('batch_store_memories', { memories: [memory] })).structuredContent).toEqual(partial);
    expect(server.calls()).toBe(2);
    expect(akosha.health()).toMatchObject({ successes: 2, failures: 0 });
  });

  it('treats validation, key conflicts and refused batches as caller errors: not retried, not counted', async () => {
    const refused = { status: 'failed', total: 1, stored: 0, failed: 1, errors: [{ memory_id: 'mem_1', error: 'duplicate key value violates unique constraint' }] };
    const { server, akosha } = connectTo({
      faults: {
        store_memory: inBand.statusFailed('Embedding is required: must be a 384-dimensional vector'),
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

  it('opens the breaker after five failed calls and then rejects without sending', async () => {
    const { server, akosha } = connectTo({ faults: { generate_embedding: { type: 'is-error', text: "Error calling tool 'generate_embedding': model crashed" } } });
    for (let i = 0; i < 5; i++) await expect(akosha.call('generate_embedding', { text: 'a' })).rejects.toBeInstanceOf(McpCallError);
    expect(server.calls('generate_embedding')).toBe(10);
    await expect(akosha.call('get_liveness', {})).rejects.toBeInstanceOf(BrokenCircuitError);
    expect(server.calls('get_liveness')).toBe(0);
    expect(akosha.health()).toMatchObject({ state: 'open', rejections: 1 });
  });

  it('refuses tools of a higher AKOSHA_TOOL_PROFILE, naming the variable, without sending', async () => {
    const { server, akosha } = connectTo({ profile: 'standard' });
    await expect(akosha.call('store_memory', memory)).rejects.toMatchObject({
      kind: 'caller',
      message: expect.stringMatching(/"store_memory" is in the catalog but the server does not offer it \(its tool set depends on AKOSHA_TOOL_PROFILE\)/) as unknown,
    });
    expect(server.calls()).toBe(0);
    expect((await akosha.call('generate_embedding', { text: 'a' })).isError).toBeUndefined();
  });
});
