import { neverAbortedSignal, type ExecutionContext } from '@res/core';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { abortReason } from '../abortable.js';
import type { CallContext, CallState } from '../call.js';
import { argumentsKey } from '../stale-cache.js';
import type { CallOptions } from '../types.js';
import { isMcpFailure } from '../errors.js';
import { cancelTask } from '../protocol/tasks.js';
import type { Fallback } from './record.js';
import { closedError, type ClientParts } from './wiring.js';

/**
 * `callTool` from start to outcome: the tool's policies (bulkhead, breaker, retry, hedge or
 * chaos) around the runner's attempts, then on failure the fallback stage; the recorder
 * hears of every outcome.
 */
export class ToolCalls {
  #lastCallId = 0;

  constructor(readonly parts: ClientParts) {}

  async call(name: string, args: Record<string, unknown> | undefined, options: CallOptions): Promise<CallToolResult> {
    const { parts } = this;
    if (parts.closed) throw closedError(parts, name);
    const runtime = parts.runtimes.get(name);
    // The caller's own signal: whatever hands it to the SDK (which never removes its listener) gives the SDK one of its own.
    const call: CallState = { id: ++this.#lastCallId, runtime, args: args ?? {}, options, signal: options.signal ?? neverAbortedSignal, attempts: 0, safety: runtime.declaredSafety, taskId: undefined };
    const started = parts.record.start(call);
    try {
      const result = await this.#execute(call);
      runtime.cache?.set(argumentsKey(call.args), result);
      parts.record.success(call, started);
      return result;
    } catch (error: unknown) {
      if (call.signal.aborted) {
        // Aborted between attempts (a backoff, a reconnect) with its task open: the task is cancelled too.
        if (call.taskId !== undefined) await cancelTask((signal) => parts.connection.session(parts.runner.policy.connectTimeout, signal).then((s) => s.client), call.taskId);
        parts.record.aborted(call, started);
        throw abortReason(call.signal);
      }
      const fallback = await parts.record.failed(call, started, error, fallbackFor);
      if (fallback !== undefined) return fallback.result;
      throw error;
    } finally {
      parts.record.health.inFlight--;
    }
  }

  // Not async: it returns the policies' promise as is (an async wrapper would add a promise and two microtask hops).
  #execute(call: CallState): Promise<CallToolResult> {
    const { runtime } = call;
    const { beyond, bulkhead, runner, connection } = this.parts;
    const hedged = runtime.hedged !== undefined && beyond.mayHedge(call, connection.live?.listedTools);
    if (beyond.chaos !== undefined) beyond.pinSafety(call, connection.live?.listedTools); // so an injected fault is judged like a real one
    const policy = (hedged ? runtime.hedged : undefined) ?? runtime.policy;
    const send = (each: ExecutionContext): Promise<CallToolResult> => runner.attempt(call, each);
    const attempt = hedged || beyond.chaos !== undefined ? beyond.attempt(call, send, hedged) : send;
    const context: CallContext = { callId: call.id, tool: runtime.name, server: this.parts.name };
    if (bulkhead === undefined) return policy.execute(attempt, call.signal, 1, context);
    return bulkhead.execute(() => policy.execute(attempt, call.signal, 1, context), call.signal, 1, context);
  }
}

/**
 * The fallback stage of a failed tool call: the stale cache's last good result for the
 * same arguments, or the tool's fallback function's. `undefined` when there is none, and
 * always for a caller's error (a bad call is not answered from the past).
 */
async function fallbackFor(call: CallState, error: unknown): Promise<Fallback | undefined> {
  const { runtime } = call;
  if (runtime.cache === undefined && runtime.fallbackFn === undefined) return undefined;
  if (isMcpFailure(error) && error.kind === 'caller') return undefined;
  if (runtime.cache !== undefined) {
    const hit = runtime.cache.get(argumentsKey(call.args));
    return hit === undefined ? undefined : { result: hit.result, source: 'cache', cachedAt: hit.cachedAt };
  }
  if (runtime.fallbackFn === undefined) return undefined;
  // A function written in JavaScript may still return nothing: then there is no fallback.
  const result = (await runtime.fallbackFn(error)) as CallToolResult | undefined;
  return result === undefined ? undefined : { result, source: 'function' };
}
