import { RetryPolicy } from '@res/core';
import { abortReason, CallSignal } from '../abortable.js';
import type { CallContext, RequestSender } from '../call.js';
import { mayRetry } from '../errors.js';
import { retryOptions } from '../options.js';
import type { CallOptions, ToolSafety } from '../types.js';
import { closedError, type ClientParts } from './wiring.js';

/**
 * Protocol requests (lists, reads, prompts, `ping`, `connect`, any `request`): the server's
 * breaker, a retry policy per method (never a tool's: a tool may be named like a method),
 * the bulkhead, and the runner's one attempt.
 */
export class ProtocolRequests {
  readonly #retries = new Map<string, RetryPolicy<CallContext>>();

  constructor(readonly parts: ClientParts) {}

  /** Runs `send` as `method` through the server's policies; `safety` decides what may be retried. */
  run<T>(method: string, options: CallOptions, send: RequestSender<T>, safety: ToolSafety = 'read'): Promise<T> {
    const { parts } = this;
    if (parts.closed) throw closedError(parts, method);
    const signal = new CallSignal(options.signal);
    const breaker = parts.runtimes.serverBreaker;
    const retry = this.#retryFor(method);
    const timeoutMs = options.timeout ?? parts.policy.timeout;
    const run = (): Promise<T> =>
      breaker.execute(() => retry.execute(() => parts.runner.request(method, timeoutMs, send, signal.signal, safety), signal.signal), signal.signal);
    return (parts.bulkhead === undefined ? run() : parts.bulkhead.execute(run, signal.signal))
      .catch((error: unknown) => {
        if (signal.signal.aborted) throw abortReason(signal.signal);
        throw error;
      })
      .finally(() => {
        signal.release();
      });
  }

  #retryFor(method: string): RetryPolicy<CallContext> {
    let retry = this.#retries.get(method);
    if (retry === undefined) {
      const { parts } = this;
      retry = new RetryPolicy<CallContext>({ ...retryOptions(parts.policy, {}), retryOn: mayRetry, ...parts.beyond.retryOptions() });
      parts.beyond.watch(method, retry); // the server's one budget covers protocol requests too
      retry.on('retry', parts.record.retryListener(method));
      this.#retries.set(method, retry);
    }
    return retry;
  }
}
