import { BrokenCircuitError, McpCallError, resultText, type Catalog } from '@res/mcp';
import { adapterContract, readFactSheet } from '@res/testkit/contract';
import { describe, expect, it, vi } from 'vitest';
import { sessionBuddyAdapter, sessionBuddyCatalog, sessionBuddyPrompts, sessionBuddyStartTools } from '../src/index.js';
import { sessionBuddyFaults } from '../src/testing.js';

const { text, operationFailed, successFalse } = sessionBuddyFaults;
const locked = operationFailed('Search', 'database is locked');
const profileOnly = Object.keys(sessionBuddyCatalog).filter((tool) => !(sessionBuddyStartTools as readonly string[]).includes(tool));

const rig = adapterContract({
  adapter: sessionBuddyAdapter,
  defaultUrl: { env: (port) => ({ SESSION_BUDDY__HTTP_PORT: port }), tool: 'status' },
  presets: {
    names: ['default'],
    default: {
      timeout: 30_000, connectTimeout: 10_000, failureThreshold: 5, recoveryTimeout: 15_000, maxAttempts: 3, backoff: 'exponential',
      baseDelay: 200, factor: 2, maxDelay: 2_000, jitter: 'full',
    },
    rateLimit: false,
  },
  breaker: {
    tool: 'reflection_stats', args: () => ({}), fault: operationFailed('Statistics', 'timed out waiting for embeddings'), threshold: 5, sent: 15,
    failure: McpCallError, open: BrokenCircuitError, probe: { tool: 'status', args: {} },
  },
  absent: [
    // `session-buddy start`: the profile entrypoint's tools are missing.
    { fake: { omit: profileOnly }, refused: [{ tool: 'list_worktrees', args: {} }], dependsOn: 'SESSION_BUDDY_TOOL_PROFILE and the entrypoint', offered: { tool: 'quick_search', args: { query: 'x' } } },
    // The profile entrypoint at minimal: a standard-profile tool is missing.
    { fake: { profile: 'minimal' }, refused: [{ tool: 'search_conversations', args: {} }], dependsOn: 'SESSION_BUDDY_TOOL_PROFILE' },
  ],
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

  it("names as `session-buddy start`'s the tools the fact sheet gives that entrypoint", () => {
    const start = readFactSheet('session-buddy').tools.filter((tool) => tool.entrypoint === 'default').map((tool) => tool.name);
    expect([...sessionBuddyStartTools].sort()).toEqual(start.sort());
  });

  it('lists the prompts its fact sheet gives every entrypoint', () => {
    const { prompts } = readFactSheet('session-buddy');
    expect([...sessionBuddyPrompts].sort()).toEqual([...(prompts as string[])].sort());
  });

  it('gives the lifecycle tools longer timeouts', () => {
    const { start, checkpoint, end, auto_compact, wait_for_dependency, wait_for_all_dependencies } = sessionBuddyCatalog;
    expect([start, checkpoint, end, auto_compact, wait_for_dependency, wait_for_all_dependencies].map((tool) => tool.timeout)).toEqual([120_000, 120_000, 120_000, 60_000, 35_000, 65_000]);
  });

  it('gives checkpoint 120 s and a plain read 30 s', async () => {
    vi.useFakeTimers();
    const { client: buddy } = rig.connect({ faults: { checkpoint: { type: 'slow', ms: 100_000 }, status: { type: 'hang' } } }, { policy: { maxAttempts: 1 } });
    const checkpoint = buddy.call('checkpoint', {});
    const status = buddy.call('status', {}).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(30_000);
    await expect(status).resolves.toMatchObject({ kind: 'timeout' });
    await vi.advanceTimersByTimeAsync(70_000);
    await expect(checkpoint).resolves.toMatchObject({ content: expect.any(Array) as unknown });
  });

  it('the profile entrypoint at minimal serves 72 tools', () => {
    expect(rig.connect({ profile: 'minimal' }).server.tools).toHaveLength(72);
  });
});

describe('against a fake Session-Buddy', () => {
  it('never runs a lifecycle tool or a store twice, whatever fails after it was sent', async () => {
    const { server, client: buddy } = rig.connect({
      faults: {
        start: operationFailed('Session initialization', 'database is locked'),
        checkpoint: { type: 'crash' },
        end: { type: 'fail', message: "Error calling tool 'end': RuntimeError: git exploded" },
        store_reflection: operationFailed('Store', 'connection refused'),
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
    const { server, client: buddy } = rig.connect({ faults: { quick_search: { type: 'fail-first', count: 2, fault: locked }, get_code_graph: { type: 'fail-first', count: 1, fault: successFalse('database is locked') } } });
    const result = await buddy.call('quick_search', { query: 'retries' });
    expect(result.isError).toBeUndefined();
    await buddy.call('get_code_graph', {});
    expect(server.calls('quick_search')).toBe(3);
    expect(server.calls('get_code_graph')).toBe(2);
    expect(buddy.health()).toMatchObject({ retries: 3, failures: 0 });
  });

  it('treats validation, auth, "not available" and "not found" as caller errors: not retried, not counted', async () => {
    const { server, client: buddy } = rig.connect({
      faults: {
        search_by_file: text('❌ Validation error: file_path - must not be empty'),
        search_by_concept: text('❌ Authentication failed: invalid or expired token'),
        quick_search: text('Reflection tools not available. Install dependencies: uv sync --extra embeddings'),
        search_summary: text('❌ Reflection tools not available. Install with: `uv sync --extra embeddings`\n💡 This enables semantic search.'),
        get_skill_details: successFalse("Skill 'nope' not found in library"),
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
    const { server, client: buddy } = rig.connect({
      faults: { get_intelligence_stats: operationFailed('Pattern analysis', "KeyError: 'sessions'"), auto_compact: text('⚠️ Auto-compact failed: nothing to summarise') },
    });
    for (let i = 0; i < 6; i++) await expect(buddy.call('get_intelligence_stats', {})).rejects.toMatchObject({ kind: 'tool', counted: false });
    expect(server.calls('get_intelligence_stats')).toBe(18);
    const degraded = await buddy.call('auto_compact', {});
    expect(resultText(degraded)).toMatch(/^⚠️ Auto-compact failed/u);
    expect(buddy.health().state).toBe('closed');
  });

  it('counts a raised exception (isError) as a failure and retries it when safe', async () => {
    const { server, client: buddy } = rig.connect({ faults: { health_check: { type: 'fail-first', count: 1, fault: { type: 'fail', message: "Error calling tool 'health_check': OSError: disk I/O error" } } } });
    await buddy.call('health_check', {});
    expect(server.calls('health_check')).toBe(2);
    expect(buddy.health().retries).toBe(1);
  });
});
