import { BrokenCircuitError, McpCallError, resultText, type AdapterOptions, type Catalog } from '@res/mcp';
import { fakeServer, inBand, type HttpServerHandle, type InMemoryServerHandle } from '@res/testkit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createSessionBuddyClient,
  sessionBuddyCatalog,
  sessionBuddyPresets,
  sessionBuddyStartTools,
  type SessionBuddyClient,
} from '../src/index.js';

const fast = { baseDelay: 1, maxDelay: 5, jitter: 'none' } as const;
const text = (body: string) => ({ type: 'in-band', body }) as const;
const locked = inBand.operationFailed('Search', 'database is locked');
const profileOnly = Object.keys(sessionBuddyCatalog).filter((tool) => !(sessionBuddyStartTools as readonly string[]).includes(tool));

let server: InMemoryServerHandle | undefined;
let buddy: SessionBuddyClient | undefined;

function connectTo(options: Parameters<typeof fakeServer>[1] = {}, policy: AdapterOptions['policy'] = fast): { server: InMemoryServerHandle; buddy: SessionBuddyClient } {
  server = fakeServer(sessionBuddyCatalog, { name: 'session-buddy', ...options }).inMemory();
  const handle = server;
  buddy = createSessionBuddyClient({ connect: () => handle.transport(), policy });
  return { server: handle, buddy };
}

afterEach(async () => {
  vi.useRealTimers();
  await buddy?.close();
  await server?.close();
  buddy = undefined;
  server = undefined;
});

describe('credentials', () => {
  it('requires none and starts nothing', () => {
    buddy = createSessionBuddyClient({ env: {} });
    expect(buddy.client.name).toBe('session-buddy');
    expect(buddy.client.connected).toBe(false);
    expect(buddy.health().calls).toBe(0);
  });

  describe('the default URL', () => {
    let http: HttpServerHandle | undefined;
    afterEach(async () => {
      await buddy?.close();
      buddy = undefined;
      await http?.close();
    });

    it('is 127.0.0.1 on SESSION_BUDDY__HTTP_PORT (default 8678) at /mcp', async () => {
      http = await fakeServer(sessionBuddyCatalog, { name: 'session-buddy' }).http({ port: 0 });
      buddy = createSessionBuddyClient({ env: { SESSION_BUDDY__HTTP_PORT: new URL(http.url).port } });
      await buddy.call('status', {});
      expect(http.calls('status')).toBe(1);
    }, 15_000); // a real HTTP server on 127.0.0.1: slower on a loaded machine
  });
});

describe('catalog and presets', () => {
  it('has the 199 tools, 49 of them registered by `session-buddy start`, the rest marked with a profile', () => {
    expect(Object.keys(sessionBuddyCatalog)).toHaveLength(199);
    expect(sessionBuddyStartTools).toHaveLength(49);
    const entries: Catalog = sessionBuddyCatalog;
    expect(profileOnly.every((tool) => entries[tool]?.profile !== undefined)).toBe(true);
    expect(sessionBuddyStartTools.every((tool) => entries[tool]?.profile === undefined)).toBe(true);
    const atMost = (level: number) => Object.values(entries).filter((entry) => ['minimal', 'standard', 'full'].indexOf(entry.profile ?? 'minimal') <= level).length;
    expect([atMost(0), atMost(1), atMost(2)]).toEqual([72, 126, 199]);
  });

  it('default is the documented numbers, with the lifecycle tools given longer timeouts', () => {
    buddy = createSessionBuddyClient();
    expect(buddy.client.policy).toMatchObject({
      timeout: 30_000, connectTimeout: 10_000, failureThreshold: 5, recoveryTimeout: 15_000, maxAttempts: 3, backoff: 'exponential',
      baseDelay: 200, factor: 2, maxDelay: 2_000, jitter: 'full',
    });
    expect(buddy.client.policy.rateLimit).toBeUndefined();
    expect(Object.keys(sessionBuddyPresets)).toEqual(['default']);
    const { start, checkpoint, end, auto_compact, wait_for_dependency, wait_for_all_dependencies } = sessionBuddyCatalog;
    expect([start, checkpoint, end, auto_compact, wait_for_dependency, wait_for_all_dependencies].map((tool) => tool.timeout)).toEqual([120_000, 120_000, 120_000, 60_000, 35_000, 65_000]);
  });

  it('gives checkpoint 120 s and a plain read 30 s', async () => {
    vi.useFakeTimers();
    const { buddy } = connectTo({ faults: { checkpoint: { type: 'slow', ms: 100_000 }, status: { type: 'hang' } } }, { maxAttempts: 1 });
    const checkpoint = buddy.call('checkpoint', {});
    const status = buddy.call('status', {}).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(30_000);
    await expect(status).resolves.toMatchObject({ kind: 'timeout' });
    await vi.advanceTimersByTimeAsync(70_000);
    await expect(checkpoint).resolves.toMatchObject({ content: expect.any(Array) as unknown });
  });

  it('rejects an unknown preset naming the choices', () => {
    expect(() => createSessionBuddyClient({ preset: 'nope' as 'default' })).toThrow(/preset must be one of 'default', 'external-api'/);
  });
});

describe('against a fake Session-Buddy', () => {
  it('never runs a lifecycle tool or a store twice, whatever fails after it was sent', async () => {
    const { server, buddy } = connectTo({
      faults: {
        start: inBand.operationFailed('Session initialization', 'database is locked'),
        checkpoint: { type: 'crash' },
        end: { type: 'fail', message: "Error calling tool 'end': RuntimeError: git exploded" },
        store_reflection: inBand.operationFailed('Store', 'connection refused'),
      },
    });
    await expect(buddy.call('start', { working_directory: '/repo' })).rejects.toMatchObject({ kind: 'tool', sent: true, counted: true });
    await expect(buddy.call('checkpoint', {})).rejects.toMatchObject({ kind: 'transport' });
    await expect(buddy.call('end', {})).rejects.toMatchObject({ kind: 'tool' });
    await expect(buddy.call('store_reflection', { content: 'insight' })).rejects.toMatchObject({ kind: 'tool' });
    for (const tool of ['start', 'checkpoint', 'end', 'store_reflection']) expect(server.calls(tool)).toBe(1);
    expect(buddy.health().retries).toBe(0);
  });

  it('rides out "database is locked" on a read', async () => {
    const { server, buddy } = connectTo({ faults: { quick_search: { type: 'fail-first', count: 2, fault: locked }, get_code_graph: { type: 'fail-first', count: 1, fault: inBand.successFalse('database is locked') } } });
    const result = await buddy.call('quick_search', { query: 'retries' });
    expect(result.isError).toBeUndefined();
    await buddy.call('get_code_graph', {});
    expect(server.calls('quick_search')).toBe(3);
    expect(server.calls('get_code_graph')).toBe(2);
    expect(buddy.health()).toMatchObject({ retries: 3, failures: 0 });
  });

  it('opens the breaker after five failed calls and then rejects without sending', async () => {
    const { server, buddy } = connectTo({ faults: { reflection_stats: inBand.operationFailed('Statistics', 'timed out waiting for embeddings') } });
    for (let i = 0; i < 5; i++) await expect(buddy.call('reflection_stats', {})).rejects.toBeInstanceOf(McpCallError);
    expect(server.calls('reflection_stats')).toBe(15);
    await expect(buddy.call('status', {})).rejects.toBeInstanceOf(BrokenCircuitError);
    expect(server.calls('status')).toBe(0);
    expect(buddy.health()).toMatchObject({ state: 'open', rejections: 1 });
  });

  it('treats validation, auth, "not available" and "not found" as caller errors: not retried, not counted', async () => {
    const { server, buddy } = connectTo({
      faults: {
        search_by_file: text('❌ Validation error: file_path - must not be empty'),
        search_by_concept: text('❌ Authentication failed: invalid or expired token'),
        quick_search: text('Reflection tools not available. Install dependencies: uv sync --extra embeddings'),
        search_summary: text('❌ Reflection tools not available. Install with: `uv sync --extra embeddings`\n💡 This enables semantic search.'),
        get_skill_details: inBand.successFalse("Skill 'nope' not found in library"),
        list_code_graphs: { type: 'fail', message: "Error calling tool 'list_code_graphs': 1 validation error for call[list_code_graphs]\nlimit\n  Input should be a valid integer" },
        server_info: { type: 'fail', message: "Error calling tool 'server_info': DuckDB not available. Install with: uv add duckdb" },
      },
    });
    const calls: [string, Record<string, unknown>][] = [
      ['search_by_file', { file_path: '' }], ['search_by_concept', { concept: 'x' }], ['quick_search', { query: 'x' }],
      ['search_summary', { query: 'x' }], ['get_skill_details', { skill_name: 'nope' }], ['list_code_graphs', { limit: 'x' }], ['server_info', {}],
    ];
    for (const [tool, args] of calls) await expect(buddy.callTool(tool, args)).rejects.toMatchObject({ kind: 'caller' });
    await expect(buddy.call('quick_search', { query: 'x' })).rejects.toMatchObject({ message: expect.stringContaining('Reflection tools not available') as unknown });
    for (const [tool] of calls) expect(server.calls(tool)).toBe(tool === 'quick_search' ? 2 : 1);
    expect(buddy.health()).toMatchObject({ state: 'closed', failures: 0 });
  });

  it('counts neither an operation that failed for its own reasons nor a degraded answer', async () => {
    const { server, buddy } = connectTo({
      faults: { get_intelligence_stats: inBand.operationFailed('Pattern analysis', "KeyError: 'sessions'"), auto_compact: text('⚠️ Auto-compact failed: nothing to summarise') },
    });
    for (let i = 0; i < 6; i++) await expect(buddy.call('get_intelligence_stats', {})).rejects.toMatchObject({ kind: 'tool', counted: false });
    expect(server.calls('get_intelligence_stats')).toBe(18);
    const degraded = await buddy.call('auto_compact', {});
    expect(resultText(degraded)).toMatch(/^⚠️ Auto-compact failed/u);
    expect(buddy.health().state).toBe('closed');
  });

  it('counts a raised exception (isError) as a failure and retries it when safe', async () => {
    const { server, buddy } = connectTo({ faults: { health_check: { type: 'fail-first', count: 1, fault: { type: 'fail', message: "Error calling tool 'health_check': OSError: disk I/O error" } } } });
    await buddy.call('health_check', {});
    expect(server.calls('health_check')).toBe(2);
    expect(buddy.health().retries).toBe(1);
  });

  it('refuses a profile-entrypoint tool on `session-buddy start`, naming SESSION_BUDDY_TOOL_PROFILE and the entrypoint', async () => {
    const { server, buddy } = connectTo({ omit: profileOnly });
    await expect(buddy.call('quick_search', { query: 'x' })).resolves.toBeDefined();
    await expect(buddy.call('list_worktrees', {})).rejects.toMatchObject({
      kind: 'caller',
      message: expect.stringMatching(/"list_worktrees" is in the catalog but the server does not offer it \(its tool set depends on SESSION_BUDDY_TOOL_PROFILE and the entrypoint/) as unknown,
    });
    expect(server.calls('list_worktrees')).toBe(0);
  });

  it('refuses a standard-profile tool on the profile entrypoint at minimal', async () => {
    const { server, buddy } = connectTo({ profile: 'minimal' });
    expect(server.tools).toHaveLength(72);
    await expect(buddy.call('search_conversations', {})).rejects.toMatchObject({ kind: 'caller', message: expect.stringContaining('SESSION_BUDDY_TOOL_PROFILE') as unknown });
    expect(server.calls('search_conversations')).toBe(0);
  });
});
