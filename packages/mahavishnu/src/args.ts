/** Who is asking, for the pool quotas (unknown values are coerced to `'unknown'`). */
export type MahavishnuCallerKind = 'ultracode' | 'claude_code' | 'workflow' | 'cli' | 'unknown';

/** Arguments of Mahavishnu's main tools (others take an object too: see the server's schemas). */
export interface MahavishnuToolArgs {
  list_repos: { tag?: string; limit?: number; offset?: number; user_id?: string };
  trigger_workflow: {
    adapter: 'prefect' | 'llamaindex' | 'agno' | (string & {});
    task_type: string;
    params?: Record<string, unknown>;
    tag?: string;
    repos?: string[];
    /** Seconds; the server has no limit of its own, so always pass one (e.g. 600). */
    timeout?: number;
    user_id?: string;
  };
  get_workflow_status: { workflow_id: string; user_id?: string };
  list_workflows: { status?: string; limit?: number; offset?: number; user_id?: string };
  cancel_workflow: { workflow_id: string; user_id?: string };
  search_workflows: { workflow_id?: string; adapter?: string; task_type?: string; status?: string; start_time?: string; end_time?: string; size?: number };
  pool_execute: { pool_id: string; prompt: string; timeout?: number; caller_kind?: MahavishnuCallerKind; parent_session_id?: string };
  pool_route_execute: {
    prompt: string;
    pool_selector?: string;
    timeout?: number;
    caller_pool_allowlist?: string[];
    caller_kind?: MahavishnuCallerKind;
    parent_session_id?: string;
    worker_type?: string;
  };
  dispatch_to_pool: {
    prompt: string;
    pool_selector?: string;
    caller_kind?: MahavishnuCallerKind;
    parent_session_id?: string;
    timeout?: number;
    async_callback?: boolean;
    worker_type?: string;
    workflow_id?: string;
  };
  workflow_result: { workflow_id: string };
  /** `timeout`: seconds, 30–3600. */
  worker_execute: { worker_id: string; prompt: string; timeout?: number };
  launch_worker: {
    prompt: string;
    worker_type?: string;
    backend?: string;
    command?: string[];
    worker_id?: string;
    pty?: boolean;
    session_mode?: 'managed_tmux' | 'current_tmux' | 'no_tmux';
    max_wait_ms?: number;
    model?: string;
    metadata?: Record<string, unknown>;
  };
  send_input: { worker_id: string; input: string; submit?: boolean };
  capture_output: { worker_id: string; since_offset?: number; max_bytes?: number; strip_ansi?: boolean };
  worker_status: { worker_id: string };
  wait_for_state: { worker_id: string; until_state: string; timeout_ms?: number; poll_interval_ms?: number; include_output?: boolean };
  cancel_worker: { worker_id: string; signal?: 'soft' | 'SIGKILL'; grace_ms?: number };
  heal_workflows: Record<string, never>;
  health_check_service: { service_name: string; host?: string; port?: number; timeout?: number; use_tls?: boolean };
  wait_for_dependency: { service_name: string; host?: string; port?: number; timeout?: number; required?: boolean; use_tls?: boolean };
  ecosystem_status: { sections?: string[]; include_details?: boolean; timeout_per_section_ms?: number };
}
