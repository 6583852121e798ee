import type { ToolSafety } from '../types.js';

const READS = new Set([
  'ping', 'tools/list', 'resources/list', 'resources/read', 'resources/templates/list', 'prompts/list', 'prompts/get',
  'completion/complete', 'tasks/get', 'tasks/result', 'tasks/list',
]);
const IDEMPOTENT = new Set(['logging/setLevel', 'resources/subscribe', 'resources/unsubscribe', 'tasks/cancel']);

/**
 * How safe a protocol request is to repeat after it may have reached the server: reads and
 * the idempotent session settings are retried; anything else (a task-augmented `tools/call`,
 * a method this version does not know) is not.
 *
 * @example methodSafety('resources/read'); // 'read'
 */
export function methodSafety(method: string): ToolSafety {
  if (READS.has(method)) return 'read';
  if (IDEMPOTENT.has(method)) return 'idempotent';
  return 'unsafe';
}
