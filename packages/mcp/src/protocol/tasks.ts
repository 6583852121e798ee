import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { CallToolResultSchema, ErrorCode, McpError, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { neverAbortedSignal, sleep } from '@res/core';
import { McpCallError } from '../errors.js';
import type { TaskMode, ToolSafety } from '../types.js';

const TERMINAL = new Set(['completed', 'failed', 'cancelled']);

/**
 * Whether a tool call goes out as a task (SEP-1686): always for `execution.taskSupport:
 * 'required'`; for `'optional'` per `mode` (`'auto'`: when the tool is unsafe, so its
 * outcome survives a lost connection); never for a tool without task support.
 *
 * @example if (runsAsTask(session.listedTools?.get(name), 'auto', 'unsafe')) return callAsTask(client, params, options);
 */
export function runsAsTask(tool: Tool | undefined, mode: TaskMode, safety: ToolSafety): boolean {
  const support = tool?.execution?.taskSupport;
  if (support === 'required') return true;
  if (support !== 'optional') return false;
  return mode === 'always' || (mode === 'auto' && safety === 'unsafe');
}

/**
 * Whether a tool's calls may go out as tasks: `taskSupport` `'required'` or `'optional'`
 * (`'forbidden'` is as if unset). The hot path leaves such a tool to the slow one.
 *
 * @example mayRunAsTask({ name: 'echo', inputSchema: { type: 'object' }, execution: { taskSupport: 'forbidden' } }); // false
 */
export function mayRunAsTask(tool: Tool | undefined): boolean {
  const support = tool?.execution?.taskSupport;
  return support !== undefined && support !== 'forbidden';
}

/**
 * Calls a tool as a task and resolves with its result: the task is created (`onCreated`
 * hears its id), polled (`tasks/get`, at the server's `pollInterval`) and its result
 * fetched (`tasks/result`). The caller's abort sends `tasks/cancel` (best effort) before rejecting.
 *
 * @example const result = await callAsTask(client, { name: 'simulate-research-query', arguments: { topic } }, { timeout: 60_000 });
 */
export async function callAsTask(
  client: Client,
  params: { name: string; arguments?: Record<string, unknown>; _meta?: Record<string, unknown> },
  options: RequestOptions,
  onCreated?: (taskId: string) => void,
): Promise<CallToolResult> {
  let taskId: string | undefined;
  let finished = false;
  try {
    for await (const message of client.experimental.tasks.callToolStream(params, CallToolResultSchema, options)) {
      if (message.type === 'taskCreated') {
        taskId = message.task.taskId;
        onCreated?.(taskId);
      } else if (message.type === 'taskStatus') finished = TERMINAL.has(message.task.status);
      else if (message.type === 'result') return message.result;
      else throw message.error;
    }
    throw new Error(`task for ${params.name} ended without a result`);
  } catch (error: unknown) {
    if (options.signal?.aborted === true && taskId !== undefined && !finished) await cancelTask(() => Promise.resolve(client), taskId);
    throw error;
  }
}

/** The server answered that it does not know the task (it restarted, or the task expired). */
export class TaskNotFound extends Error {
  constructor(readonly taskId: string, cause: unknown) {
    super(`task ${taskId} is not known to the server`, { cause });
    this.name = 'TaskNotFound';
  }
}

/**
 * Picks up a task created on an earlier session: polls `tasks/get` until it ends (or
 * needs input), then fetches `tasks/result`. Nothing is re-sent. A server that no
 * longer knows the task rejects with {@link TaskNotFound}.
 *
 * @example const result = await resumeTask(session.client, call.taskId, { timeout: 30_000 });
 */
export async function resumeTask(client: Client, taskId: string, options: RequestOptions): Promise<CallToolResult> {
  const { timeout, signal } = options;
  const reads: RequestOptions = {};
  if (timeout !== undefined) reads.timeout = timeout;
  if (signal !== undefined) reads.signal = signal;
  try {
    for (;;) {
      const task = await client.experimental.tasks.getTask(taskId, reads);
      if (TERMINAL.has(task.status) || task.status === 'input_required') break;
      await sleep(task.pollInterval ?? 1_000, signal ?? neverAbortedSignal);
    }
    return await client.experimental.tasks.getTaskResult(taskId, CallToolResultSchema, reads);
  } catch (error: unknown) {
    if (error instanceof McpError && error.code === (ErrorCode.InvalidParams as number)) throw new TaskNotFound(taskId, error);
    if (signal?.aborted === true) await cancelTask(() => Promise.resolve(client), taskId);
    throw error;
  }
}

/**
 * The failure of a call whose task the server no longer knows: kind `transport`, with
 * `.taskId`; the caller decides whether to call again (the tool may have run).
 *
 * @example throw lostTask('everything', 'simulate-research-query', error);
 */
export function lostTask(server: string, tool: string, error: TaskNotFound): McpCallError {
  return new McpCallError({
    server, tool, kind: 'transport', sent: true, repeatable: false, taskId: error.taskId, cause: error,
    message: `${server}: the server no longer knows task ${error.taskId} of tool "${tool}" (it restarted?); the call was not sent again`,
  });
}

/** Ms a `tasks/cancel` sent on the caller's abort may take, reaching a session for it included. */
export const CANCEL_MS = 5_000;

/**
 * Sends `tasks/cancel` for a task on the session `reach` gives (the live one, or the next when
 * the connection is down): best effort, within {@link CANCEL_MS} in all; never rejects.
 *
 * @example await cancelTask((signal) => connection.session(connectTimeout, signal).then((s) => s.client), call.taskId);
 */
export async function cancelTask(reach: (signal: AbortSignal) => Promise<Client>, taskId: string): Promise<void> {
  const deadline = new AbortController();
  const timer = setTimeout(() => {
    deadline.abort();
  }, CANCEL_MS);
  timer.unref();
  try {
    const client = await reach(deadline.signal);
    await client.experimental.tasks.cancelTask(taskId, { timeout: CANCEL_MS, signal: deadline.signal });
  } catch {
    // no session or no answer in time: the task runs on until the server drops it
  } finally {
    clearTimeout(timer);
  }
}
