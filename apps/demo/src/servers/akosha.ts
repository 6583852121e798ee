/** Akosha: knowledge and analytics over the ecosystem's memories; failures arrive in-band as `status: error|failed`. */
import { akoshaAdapter } from '@res/akosha';
import { akoshaFaults } from '@res/akosha/testing';
import { defineDemoServer } from './types.js';

const SYSTEMS = ['session-buddy', 'mahavishnu', 'crackerjack'];
const QUERIES = ['retry storm after deploy', 'database is locked', 'flaky integration test'];
const METRICS = ['conversation_count', 'quality_score', 'error_rate'];

export const akosha = defineDemoServer({
  adapter: akoshaAdapter,
  title: 'Akosha',
  latencyMs: { search_all_systems: 70, analyze_trends: 55, get_system_metrics: 25, query_knowledge_graph: 20, store_memory: 35 },
  results: {
    search_all_systems: {
      status: 'success',
      query: 'retry storm after deploy',
      results: [
        { memory_id: 'sb-2025-03-09-0412', system_id: 'session-buddy', text: 'Retries of create calls doubled the orders; made them idempotent', similarity: 0.83 },
        { memory_id: 'mv-2025-03-02-0077', system_id: 'mahavishnu', text: 'Pool backend refused connections for 40 s after the Redis upgrade', similarity: 0.74 },
      ],
      total_results: 2,
      search_time_ms: 38.2,
    },
    get_system_metrics: { status: 'success', time_range_days: 7, systems: { 'session-buddy': { memories: 18_234, last_ingest: '2025-03-10T07:55:12Z' }, mahavishnu: { memories: 4_512, last_ingest: '2025-03-10T07:41:03Z' } } },
    analyze_trends: { metric_name: 'conversation_count', system_id: 'session-buddy', trend_direction: 'increasing', trend_strength: 0.71, percent_change: 18.4, confidence: 0.9, time_window_days: 7 },
    query_knowledge_graph: { entity_id: 'system:session-buddy', neighbors: [{ entity_id: 'project:res', edge_type: 'works_on', weight: 0.8 }, { entity_id: 'system:akosha', edge_type: 'feeds', weight: 1 }], total: 2 },
    store_memory: { status: 'stored', memory_id: 'demo-memory-0001', system_id: 'session-buddy' },
  },
  workload: [
    { tool: 'search_all_systems', weight: 3, args: (rng) => ({ query: rng.pick(QUERIES), limit: 10 }) },
    { tool: 'get_system_metrics', weight: 2, args: () => ({ time_range_days: 7 }) },
    { tool: 'analyze_trends', weight: 2, args: (rng) => ({ metric_name: rng.pick(METRICS), system_id: rng.pick(SYSTEMS), time_window_days: 7 }) },
    { tool: 'query_knowledge_graph', weight: 2, args: (rng) => ({ entity_id: `system:${rng.pick(SYSTEMS)}`, limit: 20 }) },
    {
      tool: 'store_memory',
      weight: 1,
      args: (rng) => ({ memory_id: `demo-${rng.int(100_000, 999_999)}`, text: 'The demo stored this memory once.', metadata: { source: 'res-demo', type: 'note' } }),
    },
  ],
  cached: ['get_system_metrics', 'search_all_systems'],
  timeline: [
    { at: 0.14, label: 'slow analytics (1.2 s)', faults: { search_all_systems: { type: 'slow', ms: 1_200 }, analyze_trends: { type: 'slow', ms: 1_200 } } },
    { at: 0.3, label: 'status: error (hot store down)', faults: { '*': akoshaFaults.statusError('Hot store connection refused: DuckDB file temporarily unavailable') } },
    { at: 0.5, label: 'calm', faults: {} },
  ],
});
