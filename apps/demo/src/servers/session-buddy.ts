/** Session-Buddy: session and memory management over DuckDB; failures arrive as text `❌ … failed: …`. */
import { sessionBuddyAdapter } from '@res/session-buddy';
import { sessionBuddyFaults } from '@res/session-buddy/testing';
import { defineDemoServer, flaky } from './types.js';

const QUERIES = ['circuit breaker thresholds', 'why did the deploy fail', 'duckdb locking'];
const SEARCH_RESULT =
  '🔍 Found 3 reflections for your query\n\n1. (score 0.86) Lowered failureThreshold to 3 for local servers: crashes are obvious\n' +
  '2. (score 0.79) "database is locked" passes within a second: retry reads, never stores\n3. (score 0.72) Keep retries below the server\'s own limiter';

export const sessionBuddy = defineDemoServer({
  adapter: sessionBuddyAdapter,
  title: 'Session-Buddy',
  latencyMs: 25,
  results: {
    quick_search: SEARCH_RESULT,
    search_by_concept: SEARCH_RESULT,
    status: '📊 Session status\n✅ Project: res (git: main, clean)\n✅ Reflection database: 1,284 reflections\n✅ Quality score: 87/100',
    reflection_stats: { total_reflections: 1_284, projects: 6, database_size_mb: 41.7, embedding_model: 'all-MiniLM-L6-v2' },
    pre_compact_sync: '✅ State synced before compaction (3 files, 12 reflections)',
    store_reflection: '✅ Reflection stored (id 1285) with tags: demo, resilience',
  },
  workload: [
    { tool: 'quick_search', weight: 3, args: (rng) => ({ query: rng.pick(QUERIES), min_score: 0.7 }) },
    { tool: 'search_by_concept', weight: 1, args: () => ({ concept: 'resilience', limit: 5 }) },
    { tool: 'status', weight: 2, args: () => ({ working_directory: '/home/dev/res' }) },
    { tool: 'reflection_stats', weight: 1, args: () => ({}) },
    { tool: 'pre_compact_sync', weight: 1, args: () => ({}) },
    { tool: 'store_reflection', weight: 1, args: (rng) => ({ content: `Demo insight #${rng.int(1, 999)}: unsafe calls run once.`, tags: ['demo', 'resilience'] }) },
  ],
  cached: ['quick_search', 'reflection_stats'],
  timeline: [
    {
      at: 0.14,
      label: 'searches: database is locked (50%)',
      faults: { quick_search: flaky(0.5, sessionBuddyFaults.operationFailed('Search', 'database is locked')), search_by_concept: flaky(0.5, sessionBuddyFaults.operationFailed('Search', 'database is locked')) },
    },
    { at: 0.24, label: 'crash: the process exits mid-call', faults: { quick_search: { type: 'fail-first', count: 1, fault: { type: 'slow', ms: 100, then: { type: 'crash', exitCode: 1 } } } } },
    { at: 0.34, label: 'outage: ❌ … failed: database is locked', faults: { '*': sessionBuddyFaults.operationFailed('Operation', 'database is locked') } },
    { at: 0.52, label: 'calm', faults: {} },
  ],
});
