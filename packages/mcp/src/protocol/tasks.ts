import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { CallToolResultSchema, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';

/**
 * Whether a tool must be called as a task (SEP-1686 `execution.taskSupport: 'required'`):
 * a plain `tools/call` is refused by the SDK for such a tool.
 *
 * @example if (requiresTask(session.listedTools?.get(name))) return callAsTask(client, params, options);
 */
export function requiresTask(tool: Tool | undefined): boolean {
  return tool?.execution?.taskSupport === 'required';
}

/**
 * Calls a tool as a task and resolves with its result: the task is created, polled
 * (`tasks/get`, at the server's `pollInterval`) and its result fetched (`tasks/result`).
 * The caller's abort sends `tasks/cancel` for the task (best effort) before rejecting.
 *
 * @example const result = await callAsTask(client, { name: 'simulate-research-query', arguments: { topic } }, { timeout: 60_000 });
 */
export async function callAsTask(client: Client, params: { name: string; arguments?: Record<string, unknown>; _meta?: Record<string, unknown> }, options: RequestOptions): Promise<CallToolResult> {
  let taskId: string | undefined;
  let finished = false;
  try {
    for await (const message of client.experimental.tasks.callToolStream(params, CallToolResultSchema, options)) {
      if (message.type === 'taskCreated') taskId = message.task.taskId;
      else if (message.type === 'taskStatus') finished = ['completed', 'failed', 'cancelled'].includes(message.task.status);
      else if (message.type === 'result') return message.result;
      else throw message.error;
    }
    throw new Error(`task for ${params.name} ended without a result`);
  } catch (error: unknown) {
    if (options.signal?.aborted === true && taskId !== undefined && !finished) {
      await client.experimental.tasks.cancelTask(taskId, { timeout: 5_000 }).catch(() => undefined);
    }
    throw error;
  }
}
