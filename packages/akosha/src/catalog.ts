import type { Catalog } from '@res/mcp';

/**
 * Every tool Akosha registers (lesleslie/akosha v0.9.1), with how safe it is to send
 * twice. `profile` is the lowest `AKOSHA_TOOL_PROFILE` that registers the tool
 * (`minimal` < `standard` < `full`, the default); the Session-Buddy and PyCharm
 * groups also need the server's hot store.
 *
 * @example akoshaCatalog.store_memory.safety // 'unsafe'
 */
export const akoshaCatalog = {
  // health
  get_liveness: { safety: 'read', purpose: 'Liveness probe envelope', profile: 'minimal' },
  get_readiness: { safety: 'read', purpose: 'Readiness over configured dependencies (session_buddy:8678, mahavishnu:8680)', profile: 'minimal' },
  health_check_service: { safety: 'read', purpose: 'Health of one named dependency (10 s probe timeout)', profile: 'minimal' },
  health_check_all: { safety: 'read', purpose: 'Health summary of all configured dependencies', profile: 'minimal' },
  wait_for_dependency: { safety: 'read', purpose: 'Block until one dependency is healthy or its timeout passes', profile: 'minimal', timeout: 35_000, note: 'Blocks' },
  wait_for_all_dependencies: { safety: 'read', purpose: 'Block until all dependencies are healthy or the wait times out', profile: 'minimal', timeout: 65_000, note: 'Blocks' },
  // meta
  discover_tools: { safety: 'read', purpose: 'Search tool names and capabilities, including tools not loaded under the current profile', profile: 'minimal' },
  // core
  generate_embedding: { safety: 'read', purpose: 'Compute one text embedding with the local model (or its fallback)', profile: 'standard', note: 'CPU cost; first call may load the model' },
  generate_batch_embeddings: { safety: 'read', purpose: 'Compute embeddings for many texts in one call', profile: 'standard', timeout: 120_000, maxAttempts: 1, note: 'CPU heavy: one attempt, since a failure or timeout usually means the process is overloaded' },
  search_all_systems: { safety: 'read', purpose: "Semantic search across all ingested systems' memories", profile: 'standard', timeout: 60_000 },
  get_system_metrics: { safety: 'read', purpose: 'Time-series metrics for a system', profile: 'standard' },
  analyze_trends: { safety: 'read', purpose: 'Trend analysis over a metric', profile: 'standard', note: "Returns {error: 'Insufficient data ...'} when data is short" },
  detect_anomalies: { safety: 'read', purpose: 'Anomaly detection over a metric', profile: 'standard', note: "Returns {error: 'Insufficient data ...'} when data is short" },
  correlate_systems: { safety: 'read', purpose: 'Correlation of a metric across systems', profile: 'standard', note: "Returns {error: 'Insufficient data ...'} when data is short" },
  query_knowledge_graph: { safety: 'read', purpose: 'Query the knowledge graph for an entity and its neighbours', profile: 'standard' },
  find_path: { safety: 'read', purpose: 'Shortest path between two knowledge-graph entities', profile: 'standard' },
  get_graph_statistics: { safety: 'read', purpose: 'Knowledge-graph size and shape statistics', profile: 'standard' },
  // session-buddy
  store_memory: { safety: 'unsafe', purpose: 'Insert one memory record (text, 384-dim embedding, metadata) into the hot store', profile: 'full', note: 'Runtime gate: hot store initialised. Plain insert keyed on conversation_id (memory_id): a repeat after success fails with a conflict rather than duplicating, but the caller then sees a failure for a stored record' },
  batch_store_memories: { safety: 'unsafe', purpose: 'Insert up to 1000 memory records in one call', profile: 'full', timeout: 120_000, note: 'Runtime gate: hot store initialised. Per-item results; overall status completed, partial or failed; a repeat re-inserts nothing but reports conflicts' },
  // pycharm
  search_code_patterns: { safety: 'read', purpose: 'Search indexed code for a pattern', profile: 'full', note: 'Runtime gate: hot store initialised' },
  get_code_problems: { safety: 'read', purpose: 'Diagnostics recorded for a file', profile: 'full', note: 'Runtime gate: hot store initialised' },
  find_function_usage: { safety: 'read', purpose: 'Usages of a function across indexed repositories', profile: 'full', note: 'Runtime gate: hot store initialised' },
  analyze_imports: { safety: 'read', purpose: 'Import analysis for indexed code', profile: 'full', note: 'Runtime gate: hot store initialised' },
  pycharm_health: { safety: 'read', purpose: 'Health of the PyCharm integration', profile: 'full', note: 'Runtime gate: hot store initialised' },
  // otel
  query_local_traces: { safety: 'read', purpose: 'Query OTel traces by system_id, time window and task_class', profile: 'full', note: 'The server turns its own errors into an empty list, indistinguishable from no traces' },
  // fitness
  run_fitness_analysis: { safety: 'unsafe', purpose: 'Run one fitness-analysis cycle now: polls components and records results', profile: 'full', timeout: 120_000, note: 'Calls other services and writes results' },
  get_fitness_analyzer_status: { safety: 'read', purpose: 'Status of the fitness analyzer', profile: 'full' },
  // eventbridge
  publish_to_eventbridge: { safety: 'unsafe', purpose: 'Publish an analytics event to the EventBridge stream (optional async callback)', profile: 'full', note: 'A repeat publishes a second event' },
} as const satisfies Catalog;

/** The names of Akosha's tools. */
export type AkoshaTool = keyof typeof akoshaCatalog;
