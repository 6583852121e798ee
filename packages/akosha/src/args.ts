/** One memory record as Session-Buddy pushes it. */
export interface AkoshaMemory {
  memory_id: string;
  text: string;
  /** 384 dimensions (all-MiniLM-L6-v2); the server refuses a record without one. */
  embedding?: number[];
  /** `source`, `original_id`, `created_at` (ISO), `type`, … */
  metadata?: Record<string, unknown>;
}

/** Arguments of Akosha's main tools (others take an object too: see the server's schemas). */
export interface AkoshaToolArgs {
  generate_embedding: { text: string };
  generate_batch_embeddings: { texts: string[]; batch_size?: number };
  search_all_systems: { query: string; limit?: number; threshold?: number; system_id?: string };
  get_system_metrics: { time_range_days?: number };
  analyze_trends: { metric_name: string; system_id?: string; time_window_days?: number };
  detect_anomalies: { metric_name: string; system_id?: string; time_window_days?: number; threshold_std?: number };
  correlate_systems: { metric_name: string; time_window_days?: number };
  query_knowledge_graph: { entity_id: string; edge_type?: string; limit?: number };
  find_path: { source_id: string; target_id: string; max_hops?: number };
  get_graph_statistics: Record<string, never>;
  store_memory: AkoshaMemory;
  batch_store_memories: { memories: AkoshaMemory[] };
  query_local_traces: { system_id: string; start_time?: string; end_time?: string; task_class?: string; limit?: number };
  publish_to_eventbridge: { topic: string; payload: Record<string, unknown>; async_callback?: boolean };
  discover_tools: { query?: string };
}
