import type { Catalog } from '@res/mcp';

/**
 * Every tool Mahavishnu registers (lesleslie/mahavishnu v0.11.0) when every runtime
 * gate passes: 144 under the default `full` profile. `profile` is the lowest
 * `MAHAVISHNU_TOOL_PROFILE` that registers the tool (`minimal` < `standard` < `full`);
 * notes name the runtime gates (feature flags, managers) that can remove more.
 * Execute, spawn, send and close-all tools are `unsafe`; long ones carry their own
 * timeout: the server-side timeout plus 30 s, so the server gives up first.
 *
 * @example mahavishnuCatalog.trigger_workflow.safety // 'unsafe'
 */
export const mahavishnuCatalog = {
  // core
  list_repos: { safety: 'read', purpose: 'List repositories with optional filtering and pagination', profile: 'minimal' },
  trigger_workflow: { safety: 'unsafe', purpose: 'Trigger a durable workflow execution through a named adapter', profile: 'minimal', timeout: 630_000, note: 'Runs the whole workflow inline with no server-side limit: pass timeout (seconds, e.g. 600) so the server gives up before the client. A failed workflow comes back in-band as status "failed" (not counted by the breaker)' },
  get_workflow_status: { safety: 'read', purpose: 'Get status of a workflow execution', profile: 'minimal' },
  list_workflows: { safety: 'read', purpose: 'List workflows with optional filtering', profile: 'minimal' },
  cancel_workflow: { safety: 'idempotent', purpose: 'Cancel a running workflow', profile: 'minimal' },
  create_user: { safety: 'unsafe', purpose: 'Create a new user with specified roles', profile: 'minimal', note: 'Creates user (RBAC)' },
  check_permission: { safety: 'read', purpose: 'Check if a user has a specific permission for a repository', profile: 'minimal' },
  get_observability_metrics: { safety: 'read', purpose: 'Get current observability metrics from the system', profile: 'minimal' },
  search_logs: { safety: 'read', purpose: 'Search logs with various filters', profile: 'minimal' },
  search_workflows: { safety: 'read', purpose: 'Search workflows with various filters', profile: 'minimal' },
  get_workflow_statistics: { safety: 'read', purpose: 'Get workflow statistics and analytics', profile: 'minimal' },
  get_log_statistics: { safety: 'read', purpose: 'Get log statistics and analytics', profile: 'minimal' },
  get_recovery_metrics: { safety: 'read', purpose: 'Get metrics about error recovery and resilience operations', profile: 'minimal' },
  create_backup: { safety: 'unsafe', purpose: 'Create a backup of the system', profile: 'minimal', note: 'Creates a new backup each call' },
  list_backups: { safety: 'read', purpose: 'List all available backups', profile: 'minimal' },
  restore_backup: { safety: 'unsafe', purpose: 'Restore from a backup', profile: 'minimal', note: 'Destructive' },
  run_disaster_recovery_check: { safety: 'read', purpose: 'Run a disaster recovery check', profile: 'minimal' },
  heal_workflows: { safety: 'unsafe', purpose: 'Manually trigger healing of failed workflows', profile: 'minimal', note: 'Re-runs failed workflows' },
  get_monitoring_dashboard: { safety: 'read', purpose: 'Get comprehensive monitoring dashboard data', profile: 'minimal' },
  get_active_alerts: { safety: 'read', purpose: 'Get all active (non-acknowledged) alerts', profile: 'minimal' },
  acknowledge_alert: { safety: 'idempotent', purpose: 'Acknowledge an alert', profile: 'minimal' },
  trigger_test_alert: { safety: 'unsafe', purpose: 'Trigger a test alert for testing purposes', profile: 'minimal' },
  flush_metrics: { safety: 'idempotent', purpose: 'Force flush all pending metrics to exporters', profile: 'minimal' },
  list_adapters: { safety: 'read', purpose: 'List available adapters', profile: 'minimal' },
  get_health: { safety: 'read', purpose: 'Get overall health status of the system', profile: 'minimal' },
  get_tool_versions: { safety: 'read', purpose: 'Get version metadata for MCP tools', profile: 'minimal' },
  discover_tools: { safety: 'read', purpose: 'Search for available MCP tools by name or capability', profile: 'minimal' },
  // health
  health_check_service: { safety: 'read', purpose: 'Check health of a specific service', profile: 'minimal', timeout: 10_000, note: 'Server timeout: probe timeout default 5 s' },
  mcp_list_tools: { safety: 'read', purpose: 'List all registered MCP tools with their metadata', profile: 'minimal' },
  mcp_test_connection: { safety: 'read', purpose: 'Ping a specific server to verify MCP connectivity', profile: 'minimal', timeout: 10_000, note: 'Server timeout: probe timeout default 5 s' },
  mcp_get_metrics: { safety: 'read', purpose: 'Return a metrics snapshot for the running MCP server', profile: 'minimal' },
  health_check_all: { safety: 'read', purpose: 'Check health of all configured services', profile: 'minimal' },
  wait_for_dependency: { safety: 'read', purpose: 'Wait for a specific dependency to become healthy', profile: 'minimal', timeout: 35_000, note: 'Server timeout: blocks up to its timeout (default 30 s)' },
  wait_for_all_dependencies: { safety: 'read', purpose: 'Wait for all configured dependencies to become healthy', profile: 'minimal', timeout: 65_000, note: 'Server timeout: blocks until every configured dependency is healthy or times out' },
  get_liveness: { safety: 'read', purpose: 'Get liveness status for this service', profile: 'minimal' },
  get_readiness: { safety: 'read', purpose: 'Get readiness status for this service', profile: 'minimal' },
  // ecosystem
  ecosystem_status: { safety: 'read', purpose: 'Canonical health status across all ecosystem services and adapters', profile: 'minimal', note: 'Server timeout: 5 s per section (timeout_per_section_ms)' },
  ecosystem_capabilities: { safety: 'read', purpose: 'Query ecosystem capabilities by name or list all', profile: 'minimal' },
  ecosystem_routing_readiness: { safety: 'read', purpose: 'Check routing readiness for a given task class', profile: 'minimal' },
  // worktree
  worktree_manage: { safety: 'unsafe', purpose: 'Manage worktrees through a consolidated action dispatcher', profile: 'minimal', note: 'Runtime gate: only when a WorktreeCoordinator is initialised (runtime state, not profile). Action-dependent: list/provider_health read-only; create/remove mutate' },
  // terminal
  terminal_launch: { safety: 'unsafe', purpose: 'Launch terminal sessions running a command', profile: 'standard', note: 'Runtime gate: needs the terminal manager to initialise' },
  terminal_send: { safety: 'unsafe', purpose: 'Send command to a terminal session', profile: 'standard', note: 'Runtime gate: needs the terminal manager to initialise. Sends keystrokes/commands' },
  terminal_capture: { safety: 'read', purpose: 'Capture output from terminal session', profile: 'standard', note: 'Runtime gate: needs the terminal manager to initialise' },
  terminal_capture_all: { safety: 'read', purpose: 'Capture output from multiple terminal sessions concurrently', profile: 'standard', note: 'Runtime gate: needs the terminal manager to initialise' },
  terminal_list: { safety: 'read', purpose: 'List all active terminal sessions', profile: 'standard', note: 'Runtime gate: needs the terminal manager to initialise' },
  terminal_close: { safety: 'idempotent', purpose: 'Close a terminal session', profile: 'standard', note: 'Runtime gate: needs the terminal manager to initialise' },
  terminal_close_all: { safety: 'unsafe', purpose: 'Close all terminal sessions', profile: 'standard', note: 'Runtime gate: needs the terminal manager to initialise. Closes every terminal session; a delayed repeat would also close sessions opened since' },
  terminal_switch_adapter: { safety: 'idempotent', purpose: 'Hot-switch to a different terminal adapter without restart', profile: 'standard', note: 'Runtime gate: needs the terminal manager to initialise' },
  terminal_current_adapter: { safety: 'read', purpose: 'Get information about the current terminal adapter', profile: 'standard', note: 'Runtime gate: needs the terminal manager to initialise' },
  terminal_list_adapters: { safety: 'read', purpose: 'List all available terminal adapters', profile: 'standard', note: 'Runtime gate: needs the terminal manager to initialise' },
  // pool
  pool_spawn: { safety: 'unsafe', purpose: 'Spawn a new worker pool', profile: 'standard', note: 'Runtime gate: pools_enabled (default true) and a pool manager present' },
  pool_execute: { safety: 'unsafe', purpose: 'Execute a task on a specific Mahavishnu pool by ID', profile: 'standard', timeout: 330_000, note: 'Runtime gate: pools_enabled (default true) and a pool manager present. Server timeout: server-side timeout argument, default 300 s. Rate-limit returned in-band as status "rate_limited" + retry_after_seconds' },
  pool_route_execute: { safety: 'unsafe', purpose: 'Route a prompt to the best Mahavishnu worker pool automatically', profile: 'standard', timeout: 330_000, note: 'Runtime gate: pools_enabled (default true) and a pool manager present. Server timeout: server-side timeout argument, default 300 s. In-band rate_limited result' },
  dispatch_to_pool: { safety: 'unsafe', purpose: 'Async-callback sibling of pool_route_execute for long-running or multi-step work', profile: 'standard', note: 'Runtime gate: pools_enabled (default true) and a pool manager present. Async; returns workflow_id; poll workflow_result' },
  workflow_result: { safety: 'read', purpose: 'Retrieve the result of an async dispatch_to_pool workflow', profile: 'standard', note: 'Runtime gate: pools_enabled (default true) and a pool manager present' },
  pool_list: { safety: 'read', purpose: 'List all active pools', profile: 'standard', note: 'Runtime gate: pools_enabled (default true) and a pool manager present' },
  pool_monitor: { safety: 'read', purpose: 'Monitor pool status and metrics', profile: 'standard', note: 'Runtime gate: pools_enabled (default true) and a pool manager present' },
  pool_scale: { safety: 'idempotent', purpose: 'Scale pool to target worker count', profile: 'standard', note: 'Runtime gate: pools_enabled (default true) and a pool manager present' },
  pool_close: { safety: 'idempotent', purpose: 'Close a specific pool', profile: 'standard', note: 'Runtime gate: pools_enabled (default true) and a pool manager present' },
  pool_close_all: { safety: 'unsafe', purpose: 'Close all active pools', profile: 'standard', note: 'Runtime gate: pools_enabled (default true) and a pool manager present. Closes every pool; a delayed repeat would also close pools created since the first call' },
  pool_health: { safety: 'read', purpose: 'Get health status of all pools', profile: 'standard', note: 'Runtime gate: pools_enabled (default true) and a pool manager present' },
  pool_search_memory: { safety: 'read', purpose: 'Search memory across all pools', profile: 'standard', note: 'Runtime gate: pools_enabled (default true) and a pool manager present' },
  // worker
  worker_execute: { safety: 'unsafe', purpose: 'Execute task on specific worker', profile: 'standard', timeout: 330_000, note: 'Runtime gate: workers_enabled (default true) and a worker manager present. Server timeout: server-side timeout argument, default 300 s' },
  worker_execute_batch: { safety: 'unsafe', purpose: 'Execute tasks on multiple workers concurrently', profile: 'standard', timeout: 330_000, note: 'Runtime gate: workers_enabled (default true) and a worker manager present. Server timeout: server-side timeout argument, default 300 s' },
  worker_list: { safety: 'read', purpose: 'List workers, optionally filtered by state and/or worker_id', profile: 'standard', note: 'Runtime gate: workers_enabled (default true) and a worker manager present' },
  worker_spawn: { safety: 'unsafe', purpose: 'Spawn worker instances for task execution', profile: 'standard', note: 'Runtime gate: workers_enabled (default true) and a worker manager present' },
  worker_monitor: { safety: 'read', purpose: 'Monitor worker status using durable records or the legacy manager', profile: 'standard', note: 'Runtime gate: workers_enabled (default true) and a worker manager present' },
  worker_collect_results: { safety: 'read', purpose: 'Collect results from completed workers', profile: 'standard', note: 'Runtime gate: workers_enabled (default true) and a worker manager present' },
  worker_close: { safety: 'idempotent', purpose: 'Close a worker using two-phase graceful shutdown', profile: 'standard', note: 'Runtime gate: workers_enabled (default true) and a worker manager present' },
  worker_close_all: { safety: 'unsafe', purpose: 'Cancel every in-flight durable worker', profile: 'standard', note: 'Runtime gate: workers_enabled (default true) and a worker manager present. Cancels every in-flight durable worker; a delayed repeat would also cancel newer workers' },
  worker_health: { safety: 'read', purpose: 'Aggregate durable-record counts by lifecycle state', profile: 'standard', note: 'Runtime gate: workers_enabled (default true) and a worker manager present' },
  // worker-contract
  launch_worker: { safety: 'unsafe', purpose: 'Spawn a durable worker with a tmux-backed session', profile: 'standard', timeout: 35_000, note: 'Runtime gate: durable worker manager available. Server timeout: blocks up to max_wait_ms (default 30000)' },
  send_input: { safety: 'unsafe', purpose: "Type text into a durable worker's tmux pane; the result says whether the worker accepted it", profile: 'standard', note: 'Runtime gate: durable worker manager available. Types into a live worker pane' },
  capture_output: { safety: 'read', purpose: 'Fresh snapshot of a worker pane, bounded by a byte offset and a byte limit', profile: 'standard', note: 'Runtime gate: durable worker manager available' },
  worker_status: { safety: 'read', purpose: 'Durable record of one worker plus live pane metadata', profile: 'standard', note: 'Runtime gate: durable worker manager available' },
  wait_for_state: { safety: 'read', purpose: "Poll a worker's durable record until it reaches a given state or the wait times out", profile: 'standard', timeout: 35_000, note: 'Runtime gate: durable worker manager available. Server timeout: blocks up to timeout_ms (default 30000), polling every 250 ms. Long poll' },
  cancel_worker: { safety: 'idempotent', purpose: 'Cancel a worker gracefully; a SIGKILL signal escalates after the grace period', profile: 'standard', note: 'Runtime gate: durable worker manager available' },
  worker_revoke: { safety: 'idempotent', purpose: 'Reap a durable worker record (optionally forced)', profile: 'standard', note: 'Runtime gate: durable worker manager available' },
  // repository-messaging
  send_repository_message: { safety: 'unsafe', purpose: 'Send a message from one repository to another', profile: 'standard' },
  broadcast_repository_message: { safety: 'unsafe', purpose: 'Broadcast a message to multiple repositories', profile: 'standard' },
  get_repository_messages: { safety: 'read', purpose: 'Get messages for a specific repository', profile: 'standard' },
  acknowledge_repository_message: { safety: 'idempotent', purpose: 'Acknowledge receipt of a message', profile: 'standard' },
  notify_repository_changes: { safety: 'unsafe', purpose: 'Notify other repositories about changes in a repository', profile: 'standard' },
  notify_workflow_status: { safety: 'unsafe', purpose: 'Notify other repositories about workflow status changes', profile: 'standard' },
  send_quality_alert: { safety: 'unsafe', purpose: 'Send a quality alert to other repositories', profile: 'standard' },
  // git-analytics
  get_git_velocity_dashboard: { safety: 'read', purpose: 'Get git velocity dashboard across multiple repositories', profile: 'standard' },
  get_repository_health: { safety: 'read', purpose: 'Get repository health metrics including PRs and branches', profile: 'standard' },
  get_cross_project_patterns: { safety: 'read', purpose: 'Detect patterns across all repositories in the ecosystem', profile: 'standard' },
  // session-buddy
  index_code_graph: { safety: 'idempotent', purpose: 'Index codebase structure for better context in Session Buddy', profile: 'standard', note: 'Re-indexing overwrites; safe to repeat' },
  get_function_context: { safety: 'read', purpose: 'Get caller/callee context for a function for Session Buddy', profile: 'standard' },
  find_related_code: { safety: 'read', purpose: 'Find code related by imports/calls for Session Buddy', profile: 'standard' },
  index_documentation: { safety: 'idempotent', purpose: 'Extract docstrings and index for semantic search in Session Buddy', profile: 'standard' },
  search_documentation: { safety: 'read', purpose: 'Search through indexed documentation in Session Buddy', profile: 'standard' },
  send_project_message: { safety: 'unsafe', purpose: 'Send message between projects for Session Buddy', profile: 'standard' },
  list_project_messages: { safety: 'read', purpose: 'List messages for a project in Session Buddy', profile: 'standard' },
  track_channel_session: { safety: 'unsafe', purpose: 'Track a channel session event (start / end / heartbeat) in Session-Buddy', profile: 'standard' },
  get_channel_sessions: { safety: 'read', purpose: 'Query active or recent channel sessions tracked in Session-Buddy', profile: 'standard' },
  // openhands
  openhands_openhands_run: { safety: 'unsafe', purpose: 'Submit an autonomous development task to OpenHands', profile: 'standard', timeout: 630_000, note: "Declared as openhands_run on a sub-server mounted with namespace 'openhands' (skipped if it fails to import); the wire name is assumed from FastMCP 3 namespacing, not verified at runtime. Server timeout: argument, default 600 s (allowed 30-3600)" },
  openhands_openhands_status: { safety: 'read', purpose: 'Get the status of a running OpenHands conversation', profile: 'standard', note: "Declared as openhands_status on a sub-server mounted with namespace 'openhands' (skipped if it fails to import); the wire name is assumed from FastMCP 3 namespacing, not verified at runtime" },
  openhands_openhands_cancel: { safety: 'idempotent', purpose: 'Cancel a running OpenHands conversation', profile: 'standard', note: "Declared as openhands_cancel on a sub-server mounted with namespace 'openhands' (skipped if it fails to import); the wire name is assumed from FastMCP 3 namespacing, not verified at runtime" },
  openhands_openhands_health: { safety: 'read', purpose: 'Check whether the OpenHands service is reachable', profile: 'standard', note: "Declared as openhands_health on a sub-server mounted with namespace 'openhands' (skipped if it fails to import); the wire name is assumed from FastMCP 3 namespacing, not verified at runtime" },
  // primitives
  list_primitives_tool: { safety: 'read', purpose: 'List the primitives (MCP tools) registered on this server', profile: 'standard', note: 'Runtime gate: module must import' },
  show_primitive_tool: { safety: 'read', purpose: 'Full detail (docstring and input schema) of one registered primitive', profile: 'standard', note: 'Runtime gate: module must import' },
  // otel
  ingest_otel_traces: { safety: 'unsafe', purpose: 'Ingest OpenTelemetry traces from log files or direct trace data', profile: 'full', note: 'Runtime gate: only if the akosha.storage package is importable' },
  search_otel_traces: { safety: 'read', purpose: 'Semantic search over OTel traces using vector embeddings', profile: 'full', note: 'Runtime gate: only if the akosha.storage package is importable' },
  get_otel_trace: { safety: 'read', purpose: 'Retrieve a specific OTel trace by ID', profile: 'full', note: 'Runtime gate: only if the akosha.storage package is importable' },
  query_local_traces: { safety: 'read', purpose: 'Query OTel traces by task_class and time range', profile: 'full', note: 'Runtime gate: only if the akosha.storage package is importable' },
  otel_ingester_stats: { safety: 'read', purpose: 'Get statistics about the OTel trace ingester', profile: 'full', note: 'Runtime gate: only if the akosha.storage package is importable' },
  // self-improvement
  review_and_fix: { safety: 'unsafe', purpose: 'Run comprehensive review and optionally fix issues', profile: 'full', note: 'Auto_fix/dry_run flags; can modify code' },
  request_approval: { safety: 'unsafe', purpose: 'Request manual approval for version bump or publish', profile: 'full' },
  respond_to_approval: { safety: 'unsafe', purpose: 'Respond to a pending approval request', profile: 'full', note: 'State transition on an approval id' },
  get_pending_approvals: { safety: 'read', purpose: 'Get all pending approval requests', profile: 'full' },
  self_improvement_analyze_failures: { safety: 'read', purpose: 'Query Dhara for accumulated fix-failure records and surface patterns', profile: 'full' },
  self_improvement_generate: { safety: 'unsafe', purpose: 'Trigger improvement generation for a failure pattern (returns job-id immediately)', profile: 'full', note: 'Starts job (job id)' },
  self_improvement_status: { safety: 'read', purpose: 'List recent self-improvement records with before/after failure rates', profile: 'full' },
  // clone
  clone_detect_ecosystem: { safety: 'unsafe', purpose: 'Fan out clone detection across the ecosystem; returns job-id immediately', profile: 'full', note: 'Starts job (job id); otherwise analysis only' },
  clone_refactor_group: { safety: 'unsafe', purpose: 'Trigger cross-repo clone refactor DAG; returns job-id immediately', profile: 'full', note: 'Starts cross-repo refactor DAG (job id)' },
  clone_refactor_status: { safety: 'read', purpose: 'List open clone clusters with confidence tier and PR status', profile: 'full' },
  get_verification_result: { safety: 'read', purpose: 'Stored verification result for a clone-refactor proposal id', profile: 'full' },
  // goal-teams
  team_from_goal: { safety: 'unsafe', purpose: 'Create an agent team from a natural language goal', profile: 'full', note: "Runtime gate: goal_teams feature flags 'enabled' and 'mcp_tools_enabled' must both be on. Creates team; auto_run option executes" },
  parse_goal: { safety: 'read', purpose: 'Parse a goal to see what team would be created', profile: 'full', note: "Runtime gate: goal_teams feature flags 'enabled' and 'mcp_tools_enabled' must both be on" },
  list_team_skills: { safety: 'read', purpose: 'List all available skills for goal-driven team creation', profile: 'full', note: "Runtime gate: goal_teams feature flags 'enabled' and 'mcp_tools_enabled' must both be on" },
  // treesitter
  treesitter_parse: { safety: 'read', purpose: 'Parse a source code file with caching', profile: 'full', note: 'Runtime gate: module must import' },
  treesitter_extract_symbols: { safety: 'read', purpose: 'Extract symbols from a parsed file', profile: 'full', note: 'Runtime gate: module must import' },
  treesitter_find_usages: { safety: 'read', purpose: 'Find usages of a symbol across files', profile: 'full', note: 'Runtime gate: module must import' },
  treesitter_query: { safety: 'read', purpose: 'Run a custom tree-sitter query (S-expression format)', profile: 'full', note: 'Runtime gate: module must import' },
  treesitter_batch_analyze: { safety: 'read', purpose: 'Batch analyze multiple files in a directory', profile: 'full', note: 'Runtime gate: module must import' },
  treesitter_cache_stats: { safety: 'read', purpose: 'Get cache statistics for the tree-sitter parser', profile: 'full', note: 'Runtime gate: module must import' },
  treesitter_clear_cache: { safety: 'idempotent', purpose: 'Clear the tree-sitter parse cache', profile: 'full', note: 'Runtime gate: module must import' },
  // adapter-registry
  adapter_list: { safety: 'read', purpose: 'List all registered adapters with optional filters', profile: 'full', note: 'Runtime gate: adapter_registry.enabled not false; module must import' },
  adapter_resolve: { safety: 'read', purpose: 'Resolve the best adapter for task requirements', profile: 'full', note: 'Runtime gate: adapter_registry.enabled not false; module must import' },
  adapter_health: { safety: 'read', purpose: 'Check health of adapters', profile: 'full', note: 'Runtime gate: adapter_registry.enabled not false; module must import' },
  adapter_enable: { safety: 'idempotent', purpose: 'Enable or disable an adapter', profile: 'full', note: 'Runtime gate: adapter_registry.enabled not false; module must import' },
  adapter_metadata: { safety: 'read', purpose: 'Get metadata for a specific adapter', profile: 'full', note: 'Runtime gate: adapter_registry.enabled not false; module must import' },
  adapter_cache_invalidate: { safety: 'idempotent', purpose: 'Invalidate adapter registry caches', profile: 'full', note: 'Runtime gate: adapter_registry.enabled not false; module must import' },
  adapter_discover: { safety: 'idempotent', purpose: 'Discover adapters from all sources', profile: 'full', note: 'Runtime gate: adapter_registry.enabled not false; module must import' },
  // pycharm
  pycharm_health: { safety: 'read', purpose: 'Check PyCharm MCP connectivity and health status', profile: 'full', note: 'Runtime gate: module must import' },
  pycharm_run_diagnostics: { safety: 'read', purpose: "Run diagnostics on a file using PyCharm's code inspection", profile: 'full', note: 'Runtime gate: module must import' },
  pycharm_open_file: { safety: 'idempotent', purpose: 'Open a file in PyCharm editor, optionally at a specific line', profile: 'full', note: 'Runtime gate: module must import' },
  pycharm_search_in_project: { safety: 'read', purpose: "Search files in project using PyCharm's search index", profile: 'full', note: 'Runtime gate: module must import' },
  pycharm_replace_in_file: { safety: 'unsafe', purpose: 'Find and replace text in a file via PyCharm', profile: 'full', note: 'Runtime gate: module must import. Edits files' },
  pycharm_reformat_file: { safety: 'idempotent', purpose: "Reformat a file using PyCharm's code formatter", profile: 'full', note: 'Runtime gate: module must import' },
  pycharm_refactor_symbol: { safety: 'unsafe', purpose: 'Rename/refactor a symbol across project files via PyCharm', profile: 'full', note: 'Runtime gate: module must import. Renames across project' },
  pycharm_list_problems: { safety: 'read', purpose: 'List code inspections and problems for a file via PyCharm', profile: 'full', note: 'Runtime gate: module must import' },
} as const satisfies Catalog;

/** The names of Mahavishnu's tools. */
export type MahavishnuTool = keyof typeof mahavishnuCatalog;
