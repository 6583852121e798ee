import {
  AdaptiveLimitPolicy,
  HedgePolicy,
  pipeline,
  RetryBudget,
  ThrottlePolicy,
  type CircuitBreaker,
  type ExecutionContext,
  type Pipeline,
  type RetryPolicy,
} from '@res/core';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { mayRetry } from '../errors.js';
import type { ServerPolicy, ToolPolicy, ToolSafety } from '../types.js';
import { ChaosInjector } from './chaos-injector.js';
import type { BeyondHealth, HedgeSetting } from './types.js';

/** What the policies report to the client (events, counts). */
export interface BeyondHooks {
  /** A retry (`'retry'`) or hedge (`'hedge'`) of `tool` the server's budget refused. */
  budgetRefused(tool: string, by: 'retry' | 'hedge'): void;
  /** A hedge of call `callId` started (`attempt` >= 2), or won the call. */
  hedged(tool: string, callId: number, attempt: number, won: boolean): void;
  /** Chaos injected into an attempt of call `callId`. */
  injected(tool: string, callId: number, kind: 'fault' | 'latency', attempt: number): void;
  /** The adaptive concurrency limit moved. */
  limitChanged(limit: number, previous: number): void;
}

/** A tool's pipelines: `policy` for every call, `hedged` (when the tool may hedge) for calls of a safe tool. */
export interface ToolPipelines {
  policy: Pipeline;
  hedged: Pipeline | undefined;
}

/** What a call tells the wrappers: who it is and how safe its tool is. */
export interface BeyondCall {
  readonly id: number;
  readonly runtime: { readonly name: string };
  safety: ToolSafety | undefined;
}

type Send = (context: ExecutionContext) => Promise<CallToolResult>;

/**
 * The server's policies beyond breaker, retry and timeout: one retry budget, one
 * adaptive limit, one throttle and one chaos injector per server, and a hedge per
 * tool. Built from the (validated) policy; absent options cost nothing per call.
 */
export class BeyondPolicies {
  readonly budget: RetryBudget | undefined;
  readonly limit: AdaptiveLimitPolicy | undefined;
  readonly throttle: ThrottlePolicy | undefined;
  readonly chaos: ChaosInjector | undefined;
  #hedgesSent = 0;
  #hedgesWon = 0;
  #hedging = false;

  constructor(
    readonly server: string,
    readonly policy: ServerPolicy,
    readonly hooks: BeyondHooks,
  ) {
    const { retryBudget, concurrency, throttle, chaos } = policy;
    if (retryBudget !== undefined && retryBudget !== false) this.budget = new RetryBudget(retryBudget);
    if (concurrency !== undefined) {
      this.limit = new AdaptiveLimitPolicy(concurrency === 'adaptive' ? {} : concurrency);
      this.limit.on('limit', ({ limit, previous }) => {
        hooks.limitChanged(limit, previous);
      });
    }
    if (throttle !== undefined) this.throttle = new ThrottlePolicy(throttle);
    if (chaos !== undefined && chaos.enabled !== false && (chaos.fault !== undefined || chaos.latency !== undefined)) {
      this.chaos = new ChaosInjector(server, chaos, hooks);
    }
  }

  /** The retry budget a tool's retry policy uses, if any. */
  retryOptions(): { budget: RetryBudget } | Record<string, never> {
    return this.budget === undefined ? {} : { budget: this.budget };
  }

  /** Reports the retries of `tool` (or a protocol method) that the budget refuses. */
  watch(tool: string, retry: RetryPolicy): void {
    if (this.budget === undefined) return;
    retry.on('giveUp', ({ reason }) => {
      if (reason === 'budget') this.hooks.budgetRefused(tool, 'retry');
    });
  }

  /**
   * A tool's pipelines: breaker, throttle, retry, adaptive limit and, for `hedged`, the hedge.
   * A tool declared unsafe gets no hedged pipeline at all.
   */
  pipelines(tool: string, breaker: CircuitBreaker, retry: RetryPolicy, options: ToolPolicy, declared: ToolSafety | undefined): ToolPipelines {
    this.watch(tool, retry);
    const outer = this.throttle === undefined ? [breaker] : [breaker, this.throttle];
    const inner = this.limit === undefined ? [retry] : [retry, this.limit];
    const policy = pipeline(...outer, ...inner);
    const setting = hedgeSetting(this.policy.hedge, options.hedge);
    if (setting === undefined || declared === 'unsafe') return { policy, hedged: undefined };
    this.#hedging = true;
    const budget = this.budget;
    const hedge = new HedgePolicy({
      ...setting,
      // The retry policy already deposited for this call: the hedge only withdraws.
      ...(budget === undefined ? {} : { budget: { deposit: () => undefined, tryWithdraw: () => budget.tryWithdraw() } as unknown as RetryBudget }),
      // A failed attempt starts the next at once only when a retry would be allowed.
      shouldHedge: mayRetry,
    });
    hedge.on('refused', () => {
      this.hooks.budgetRefused(tool, 'hedge');
    });
    return { policy, hedged: pipeline(...outer, ...inner, hedge) };
  }

  /**
   * Whether this call of a tool with a hedged pipeline goes through it: only when its safety
   * is known to be read or idempotent before it starts (declared, or the live list's
   * annotations). The safety found is pinned on the call, so its attempts agree.
   */
  mayHedge(call: BeyondCall, listed: ReadonlyMap<string, Tool> | undefined): boolean {
    const safety = this.pinSafety(call, listed);
    return safety === 'read' || safety === 'idempotent';
  }

  /** The call's safety when known before it starts (declared, or the live list's annotations), pinned on the call. */
  pinSafety(call: BeyondCall, listed: ReadonlyMap<string, Tool> | undefined): ToolSafety | undefined {
    if (call.safety !== undefined) return call.safety;
    const live = listed?.get(call.runtime.name);
    if (live === undefined) return undefined; // not listed (yet): the attempt resolves it, and there is no hedge
    const hints = live.annotations;
    call.safety = hints?.readOnlyHint === true ? 'read' : hints?.idempotentHint === true ? 'idempotent' : 'unsafe';
    return call.safety;
  }

  /** The attempt function of a call: `send`, under chaos, and counting hedges when `hedged`. */
  attempt(call: BeyondCall, send: Send, hedged: boolean): Send {
    const chaos = this.chaos;
    const inner: Send = chaos === undefined ? send : (context) => chaos.run(call, context, send);
    if (!hedged) return inner;
    let settled = false;
    return (context) => {
      const tool = call.runtime.name;
      if (context.attempt > 1) {
        this.#hedgesSent++;
        this.hooks.hedged(tool, call.id, context.attempt, false);
      }
      return inner(context).then((result) => {
        if (!settled) {
          settled = true;
          if (context.attempt > 1) {
            this.#hedgesWon++;
            this.hooks.hedged(tool, call.id, context.attempt, true);
          }
        }
        return result;
      });
    };
  }

  /** The parts of `health()` these policies add, each only when configured. */
  health(): BeyondHealth {
    const health: BeyondHealth = {};
    if (this.budget !== undefined) {
      const { balance, withdrawals, refusals } = this.budget.stats();
      health.retryBudget = { balance, withdrawals, refusals };
    }
    if (this.#hedging) health.hedges = { sent: this.#hedgesSent, won: this.#hedgesWon };
    if (this.limit !== undefined) health.concurrency = { limit: this.limit.limit, inFlight: this.limit.inFlight };
    if (this.throttle !== undefined) {
      const { probability, throttled } = this.throttle.stats();
      health.throttle = { probability, throttled };
    }
    if (this.chaos !== undefined) health.chaos = this.chaos.counts();
    return health;
  }
}

/** The hedge settings of a tool: its own over the server's; `undefined` for none. */
function hedgeSetting(server: HedgeSetting | undefined, tool: HedgeSetting | undefined): Exclude<HedgeSetting, false> | undefined {
  if (tool === false) return undefined;
  if (tool !== undefined) return server === undefined || server === false ? tool : { ...server, ...tool };
  return server === undefined || server === false ? undefined : server;
}
