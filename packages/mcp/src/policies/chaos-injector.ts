import { chaos, type ChaosPolicy, type ExecutionContext } from '@res/core';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { McpCallError, McpTimeoutError } from '../errors.js';
import type { ToolSafety } from '../types.js';
import type { ChaosFaultKind, ChaosPolicySettings } from './types.js';

type Send = (context: ExecutionContext) => Promise<CallToolResult>;

/** A call, as chaos sees it. */
interface ChaosCall {
  readonly id: number;
  readonly runtime: { readonly name: string };
  safety: ToolSafety | undefined;
}

/** Where injections are reported. */
interface ChaosHooks {
  injected(tool: string, callId: number, kind: 'fault' | 'latency', attempt: number): void;
}

/** Core's fault policy rejects with this; the injector replaces it with the MCP failure the setting names. */
const INJECTED = new Error('chaos');

/**
 * Game-day injection into tool call attempts, with core's `chaos.latency` and
 * `chaos.fault`: latency first (an abort during the wait rejects with the signal's
 * reason), then a fault. A fault is an MCP failure of the configured kind marked as
 * sent, so the retry-safety rules treat it as a real failure: a read or idempotent
 * tool is retried, an unsafe one never.
 */
export class ChaosInjector {
  readonly #latency: ChaosPolicy | undefined;
  readonly #fault: ChaosPolicy | undefined;
  readonly #kind: ChaosFaultKind;
  #faults = 0;
  #delays = 0;

  constructor(
    readonly server: string,
    settings: ChaosPolicySettings,
    readonly hooks: ChaosHooks,
  ) {
    const random = settings.random ?? Math.random;
    if (settings.latency !== undefined) this.#latency = chaos.latency({ rate: settings.latency.rate, ms: settings.latency.ms, random });
    if (settings.fault !== undefined) this.#fault = chaos.fault({ rate: settings.fault.rate, error: INJECTED, random });
    this.#kind = settings.fault?.kind ?? 'transport';
  }

  /** Attempts injected since creation. */
  counts(): { faults: number; latency: number } {
    return { faults: this.#faults, latency: this.#delays };
  }

  /** Runs one attempt under the injector. */
  run(call: ChaosCall, context: ExecutionContext, send: Send): Promise<CallToolResult> {
    const latency = this.#latency;
    if (latency === undefined) return this.#faulted(call, context, send);
    const before = latency.stats().injected;
    const pending = latency.execute((inner) => this.#faulted(call, inner, send), context.signal, context.attempt);
    if (latency.stats().injected > before) {
      this.#delays++;
      this.hooks.injected(call.runtime.name, call.id, 'latency', context.attempt);
    }
    return pending;
  }

  #faulted(call: ChaosCall, context: ExecutionContext, send: Send): Promise<CallToolResult> {
    const fault = this.#fault;
    if (fault === undefined) return send(context);
    const before = fault.stats().injected;
    const pending = fault.execute(send, context.signal, context.attempt);
    if (fault.stats().injected === before) return pending;
    pending.catch(() => undefined); // the marker: replaced by the MCP failure below
    this.#faults++;
    this.hooks.injected(call.runtime.name, call.id, 'fault', context.attempt);
    return Promise.reject(this.#error(call));
  }

  /** The fault, judged like a real one of its kind for the call's tool (its verdict: `retryable`). */
  #error(call: ChaosCall): McpCallError | McpTimeoutError {
    const tool = call.runtime.name;
    const safety = call.safety ?? 'unsafe';
    if (this.#kind === 'timeout') return new McpTimeoutError(this.server, tool, 0, undefined, { safety });
    return new McpCallError({ server: this.server, tool, kind: this.#kind, sent: true, safety, message: `${this.server} ${tool}: chaos: injected ${this.#kind} fault (game day)` });
  }
}
