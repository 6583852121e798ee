/**
 * The 28 prompts every entrypoint registers (`buddy.client.getPrompt(name)`); the profile
 * entrypoint's extra groups add `hooks_help`, `bottleneck_help`, `memory_health_help`,
 * `session_analytics_help` and `workflow_metrics_help`.
 *
 * @example sessionBuddyPrompts.includes('checkpoint') // true
 */
export const sessionBuddyPrompts = [
  'start', 'checkpoint', 'end', 'status', 'permissions', 'reflect', 'quick-search',
  'search-summary', 'reflection-stats', 'crackerjack-run', 'crackerjack-history',
  'crackerjack-metrics', 'crackerjack-patterns', 'compress-memory', 'compression-stats',
  'retention-policy', 'auto-load-context', 'context-summary', 'search-code', 'search-errors',
  'search-temporal', 'start-app-monitoring', 'stop-app-monitoring', 'activity-summary',
  'context-insights', 'active-files', 'quality-monitor', 'auto-compact',
] as const;
