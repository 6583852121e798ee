/**
 * One tool call: record it, resolve its fault, act. The ledger line is written when the
 * handler starts, before the fault acts, so even a call that crashes the server is counted.
 */
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolResult, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { faultLabel, OK, resolveFault, type ResolvedFault } from './faults.js';
import type { Ledger } from './ledger.js';
import type { PlanSource } from './plan.js';
import { isCallToolResult, jsonResult } from './results.js';
import type { ToolSpec } from './tools.js';
import { sleep } from './wait.js';

/**
 * What a handler receives from the SDK (signal, progress token, sendNotification…).
 *
 * @example const token = extra._meta?.progressToken;
 */
export type HandlerExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/**
 * A realistic answer for one tool: a body (sent as JSON text) or a whole `CallToolResult`.
 * Throwing makes an `isError` result, as a real handler's exception would.
 *
 * @example const respond: Responder = (args) => ({ id: args['id'], name: 'example.com' });
 */
export type Responder = (args: Record<string, unknown>, context: { tool: string; call: number }) => unknown;

/**
 * What a server needs to answer calls: the live plan, the ledger, optional responders, and
 * how this transport "crashes".
 *
 * @example const runtime: CallRuntime = { plan, ledger, respond: {}, crash: () => process.exit(1) };
 */
export interface CallRuntime {
  readonly plan: PlanSource;
  readonly ledger: Ledger;
  readonly respond: Readonly<Record<string, Responder>>;
  crash(exitCode: number | undefined): void;
}

/**
 * The error of an `rpc-error` fault: the only error the server lets through as a JSON-RPC
 * error response (everything else becomes an `isError` result).
 *
 * @example throw new InjectedRpcError(-32603, 'Failed to generate chart');
 */
export class InjectedRpcError extends McpError {
  constructor(code: number, message: string) {
    super(code, message);
    this.name = 'InjectedRpcError';
  }
}

const integerArg = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;

/** The state of one call in progress. */
class ToolCall {
  constructor(
    readonly runtime: CallRuntime,
    readonly spec: ToolSpec,
    readonly args: Record<string, unknown>,
    readonly extra: HandlerExtra,
    readonly call: number,
  ) {}

  /** Waits `ms`; if the request's signal fires first, records the abort and rejects. */
  async wait(ms: number): Promise<void> {
    try {
      await sleep(ms, this.extra.signal);
    } catch (error: unknown) {
      this.runtime.ledger.record({ type: 'abort', tool: this.spec.name, call: this.call });
      throw error;
    }
  }

  async perform(action: ResolvedFault): Promise<CallToolResult> {
    const tool = this.spec.name;
    switch (action.type) {
      case 'ok':
        return this.answer();
      case 'fail':
        throw new Error(action.message ?? `Injected failure in '${tool}'`);
      case 'rpc-error':
        throw new InjectedRpcError(action.code, action.message ?? `Injected error in '${tool}'`);
      case 'slow':
        await this.wait(action.ms);
        return this.perform(action.then);
      case 'hang':
        await this.wait(Infinity);
        throw new Error('unreachable: a hang only ends by abort');
      case 'in-band':
        return jsonResult(action.body);
      case 'is-error':
        return { content: [{ type: 'text', text: action.text ?? `Injected tool error in '${tool}'` }], isError: true };
      case 'crash':
        this.runtime.crash(action.exitCode);
        // The response must never go out: wait for the closing transport to abort us.
        await sleep(Infinity, this.extra.signal);
        throw new Error('unreachable: a crash only ends by abort');
    }
  }

  async answer(): Promise<CallToolResult> {
    const { spec, args, runtime, call } = this;
    if (spec.latencyMs !== undefined && spec.latencyMs > 0) await this.wait(spec.latencyMs);
    if (spec.progress !== undefined) await this.reportProgress(spec.progress);
    const responder = runtime.respond[spec.name];
    const body: unknown =
      responder !== undefined
        ? await responder(args, { tool: spec.name, call })
        : spec.result !== undefined
          ? spec.result
          : { ok: true, tool: spec.name, call, args };
    return isCallToolResult(body) ? body : jsonResult(body);
  }

  async reportProgress(progress: NonNullable<ToolSpec['progress']>): Promise<void> {
    const progressToken = this.extra._meta?.progressToken;
    if (progressToken === undefined) return;
    const total = integerArg(this.args.steps) ?? progress.steps;
    const intervalMs = integerArg(this.args.intervalMs) ?? progress.intervalMs ?? 0;
    for (let step = 1; step <= total; step++) {
      await this.wait(intervalMs);
      await this.extra.sendNotification({
        method: 'notifications/progress',
        params: { progressToken, progress: step, total, message: `step ${step} of ${total}` },
      });
    }
  }
}

/**
 * Runs one call of `spec` under the current plan and returns its result (or throws as the
 * fault says: a plain `Error` for `fail`, {@link InjectedRpcError} for `rpc-error`).
 *
 * @example const result = await runToolCall(runtime, spec, { id: '1' }, extra);
 */
export async function runToolCall(
  runtime: CallRuntime,
  spec: ToolSpec,
  args: Record<string, unknown>,
  extra: HandlerExtra,
): Promise<CallToolResult> {
  const entry = runtime.plan.lookup(spec.name);
  const gen = entry?.gen ?? 0;
  const { call, sinceSet } = runtime.ledger.nextCall(spec.name, gen);
  const action = entry === undefined ? OK : resolveFault(entry.fault, sinceSet);
  runtime.ledger.record({ type: 'call', tool: spec.name, call, gen, fault: faultLabel(action) });
  return new ToolCall(runtime, spec, args, extra, call).perform(action);
}
