import type { ExecutionContext, RateLimitPolicy } from '@res/core';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { neverAbortedSignal } from '@res/core';
import { abortReason, CallSignal } from './abortable.js';
import { classifyResult, classifyThrown } from './classify.js';
import type { Connection, Session } from './connection.js';
import { McpCallError, isMcpFailure } from './errors.js';
import { requestOptionsFor, sendToolCall } from './protocol/direct.js';
import { callAsTask, lostTask, mayRunAsTask, resumeTask, runsAsTask, TaskNotFound } from './protocol/tasks.js';
import { redactFailure } from './redact.js';
import { resultProblem } from './result-bounds.js';
import type { ToolRuntime } from './tool-runtime.js';
import type { CallOptions, ErrorClassifier, ResilientClientOptions, ServerPolicy, ToolSafety } from './types.js';

/** What a tool call's policies pass to their events (core's call context): who the call is. */
export interface CallContext {
  readonly callId: number;
  readonly tool: string;
  readonly server: string;
}

/** One logical call in progress. */
export interface CallState {
  /** Numbers the client's calls, for events. */
  readonly id: number;
  readonly runtime: ToolRuntime;
  readonly args: Record<string, unknown>;
  readonly options: CallOptions;
  readonly signal: AbortSignal;
  attempts: number;
  /** Resolved on the first attempt that needs it (options, catalog, then annotations, else unsafe). */
  safety: ToolSafety | undefined;
  /** The task the call runs as, once the server created it: a later attempt polls it instead of re-sending. */
  taskId?: string | undefined;
}

/** Sends one non-tool request on a session. */
export type RequestSender<T> = (session: Session, timeout: number, signal: { signal?: AbortSignal }) => Promise<T>;

/**
 * One attempt of a call: connect (or reuse the session), check the tool against
 * the live list, send, classify. Each failure carries its verdict (`counted`,
 * `retryable`, see `verdict.ts`), set when it is made from the tool's safety.
 */
export class CallRunner {
  readonly #toolErrorIsFailure: boolean | ((result: CallToolResult) => boolean);

  constructor(
    readonly server: string,
    readonly options: ResilientClientOptions,
    readonly policy: ServerPolicy,
    readonly connection: Connection,
    readonly rateLimit: RateLimitPolicy | undefined,
  ) {
    this.#toolErrorIsFailure = options.toolErrorIsFailure ?? false;
  }

  /** One attempt of a tool call. */
  attempt(call: CallState, context: ExecutionContext): Promise<CallToolResult> {
    call.attempts++;
    // The attempt's own signal: the call's, or a hedged attempt's (it aborts when another attempt wins).
    if (this.rateLimit === undefined) return this.#send(call, context.signal);
    return this.rateLimit.execute(() => this.#send(call, context.signal), context.signal);
  }

  /** One attempt of a non-tool request (retried per `safety`: reads and idempotent settings, or anything not sent). */
  async request<T>(method: string, timeout: number, send: RequestSender<T>, signal: AbortSignal, safety: ToolSafety = 'read'): Promise<T> {
    const run = async (): Promise<T> => {
      const session = await this.#session(method, signal);
      try {
        return await send(session, timeout, signal === neverAbortedSignal ? {} : { signal });
      } catch (error: unknown) {
        throw this.#thrown(error, session, method, timeout, safety, signal);
      }
    };
    return this.rateLimit === undefined ? run() : this.rateLimit.execute(run, signal);
  }

  /**
   * The hot path: a live session with its tool list, a tool without task support, no task to resume;
   * no `async` frame, and the tool's own request options when the call sets none. Else {@link #sendSlow}.
   */
  #send(call: CallState, signal: AbortSignal): Promise<CallToolResult> {
    const session = this.connection.live;
    const listed = session?.listedTools;
    const { runtime } = call;
    const live = listed?.get(runtime.name);
    if (session === undefined || listed === undefined || call.taskId !== undefined || mayRunAsTask(live)) return this.#sendSlow(call, signal);
    if (call.safety === undefined || runtime.catalogued) {
      try {
        this.#checkListed(call, listed, live);
      } catch (error: unknown) {
        return Promise.reject(error);
      }
    }
    const { options } = call;
    const timeout = options.timeout ?? runtime.timeout;
    const params = options.meta === undefined ? { name: runtime.name, arguments: call.args } : { name: runtime.name, arguments: call.args, _meta: options.meta };
    const safety = call.safety ?? 'unsafe';
    const plain = timeout === runtime.timeout && signal === neverAbortedSignal && options.onprogress === undefined && options.resetTimeoutOnProgress === undefined;
    return sendToolCall(session, listed, params, options, signal, timeout, plain ? runtime.requestOptions : undefined).then(
      (result) => this.#judged(result, session, runtime.name, safety),
      (error: unknown) => {
        throw this.#thrown(error, session, runtime.name, timeout, safety, signal, this.options.classifyError);
      },
    );
  }

  /** The SDK adds an abort listener to a request's signal and never removes it: a caller's signal is followed by one of the attempt's own. */
  async #sendSlow(call: CallState, callerSignal: AbortSignal): Promise<CallToolResult> {
    const own = callerSignal === neverAbortedSignal ? undefined : new CallSignal(callerSignal);
    try {
      return await this.#sendSlowWith(call, own?.signal ?? callerSignal);
    } finally {
      own?.release();
    }
  }

  async #sendSlowWith(call: CallState, signal: AbortSignal): Promise<CallToolResult> {
    const { runtime } = call;
    const session = this.connection.live ?? (await this.#session(runtime.name, signal, call.taskId));
    const attemptTimeout = call.options.timeout ?? runtime.timeout;
    let timeout = attemptTimeout;
    if (call.safety === undefined || runtime.catalogued) {
      const listed = session.listedTools;
      if (listed === undefined) timeout = await this.#checkTool(call, session, attemptTimeout, signal);
      else this.#checkListed(call, listed);
    }
    const safety = call.safety ?? 'unsafe';
    const requestOptions = requestOptionsFor(call.options, signal, timeout);
    const listedTool = session.listedTools?.get(runtime.name);
    let result: CallToolResult;
    try {
      const meta = call.options.meta;
      const params = meta === undefined ? { name: runtime.name, arguments: call.args } : { name: runtime.name, arguments: call.args, _meta: meta };
      if (call.taskId !== undefined) result = await resumeTask(session.client, call.taskId, requestOptions);
      // Asked only of a tool that declares task support (a server without tasks never leaves this file).
      else if (listedTool?.execution?.taskSupport !== undefined && runsAsTask(listedTool, runtime.task, safety)) {
        result = await callAsTask(session.client, params, requestOptions, (taskId) => (call.taskId = taskId));
      } else result = await sendToolCall(session, session.listedTools, params, call.options, signal, timeout, requestOptions);
      call.taskId = undefined; // the task is over: a retry of its outcome is a new call
    } catch (error: unknown) {
      if (error instanceof TaskNotFound) throw lostTask(this.server, runtime.name, error);
      if (signal.aborted) call.taskId = undefined; // polling it, the abort sent tasks/cancel: nothing left to cancel
      throw this.#thrown(error, session, runtime.name, attemptTimeout, safety, signal, this.options.classifyError, call.taskId);
    }
    return this.#judged(result, session, runtime.name, safety);
  }

  /** A result the server sent: too deep or too large is a protocol failure; then the classifiers' verdict. */
  #judged(result: CallToolResult, session: Session, tool: string, safety: ToolSafety): CallToolResult {
    session.timeouts = 0;
    const problem = resultProblem(result);
    if (problem !== undefined) {
      throw new McpCallError({ server: this.server, tool, kind: 'protocol', message: `${this.server} ${tool}: ${problem}`, sent: true, safety });
    }
    // A plain result with no classifier to ask is a success: what classifyResult would say, without its arguments object.
    if (result.isError !== true && this.options.classifyResult === undefined) return result;
    const classified = classifyResult(result, { server: this.server, tool, safety }, this.options.classifyResult, this.#toolErrorIsFailure);
    if (classified === undefined) return result;
    throw redactFailure(classified, this.connection.redact);
  }

  /**
   * The live session; a failure to connect was classified as not sent (any tool may retry it,
   * unless the server exited before initialize: then the next call tries again). A call
   * resuming its task (`taskId`) keeps the id on that failure: the task may still run.
   */
  async #session(tool: string, signal: AbortSignal, taskId?: string): Promise<Session> {
    try {
      return await this.connection.session(this.policy.connectTimeout, signal);
    } catch (error: unknown) {
      if (signal.aborted) throw abortReason(signal);
      const failure = isMcpFailure(error)
        ? error
        : new McpCallError({ server: this.server, tool, kind: 'caller', message: `${this.server}: ${error instanceof Error ? error.message : String(error)}`, sent: false, cause: error });
      if (taskId === undefined || !(failure instanceof McpCallError) || failure.taskId !== undefined) throw failure;
      // A new error, not the shared one: several calls may wait on the same connect.
      const { server, kind, message, code, result, retryAfter, sent, counted, retryable } = failure;
      throw new McpCallError({ server, tool, kind, message, code, result, retryAfter, sent, counted, repeatable: retryable, safety: 'read', taskId, cause: failure });
    }
  }

  /**
   * Resolves the tool's safety and refuses a catalog tool the live server does not offer.
   * The listing runs inside the attempt's deadline: returns the ms left for the call itself.
   */
  async #checkTool(call: CallState, session: Session, timeout: number, signal: AbortSignal): Promise<number> {
    const deadline = Date.now() + timeout;
    this.#checkListed(call, await this.connection.tools(session, deadline, signal === neverAbortedSignal ? undefined : signal));
    const left = Math.floor(deadline - Date.now());
    if (left > 0) return left;
    if (signal.aborted) throw abortReason(signal);
    this.connection.timedOut(session, this.policy.restartAfterTimeouts ?? 2);
    throw new McpCallError({
      server: this.server, tool: call.runtime.name, kind: 'timeout', code: -32001, sent: false,
      message: `${this.server} ${call.runtime.name}: tools/list got no answer within ${timeout} ms; the tool was not called`,
    });
  }

  /** {@link #checkTool} once the list is known (`undefined`: listing failed). */
  #checkListed(call: CallState, tools: Map<string, Tool> | undefined, live = tools?.get(call.runtime.name)): void {
    const { runtime } = call;
    if (tools === undefined) {
      call.safety ??= 'unsafe'; // listing failed: assume the worst
      return;
    }
    if (live === undefined && runtime.catalogued) {
      const profile = this.options.profileEnv === undefined ? '' : ` (its tool set depends on ${this.options.profileEnv})`;
      throw new McpCallError({
        server: this.server, tool: runtime.name, kind: 'caller', sent: false,
        message: `${this.server}: tool "${runtime.name}" is in the catalog but the server does not offer it${profile}; no request was sent`,
      });
    }
    if (call.safety === undefined) {
      const hints = live?.annotations;
      call.safety = hints?.readOnlyHint === true ? 'read' : hints?.idempotentHint === true ? 'idempotent' : 'unsafe';
    }
  }

  /** Classifies what a request threw, with its verdict; drops a session a transport failure ended. */
  #thrown(error: unknown, session: Session, tool: string, timeout: number, safety: ToolSafety, signal: AbortSignal, classifier?: ErrorClassifier, taskId?: string): unknown {
    if (signal.aborted) return abortReason(signal);
    const { server, connection } = this;
    // How the process ended, if it did: named in a transport failure's message.
    const exited = session.child?.describe(connection.redact);
    let classified = classifyThrown(error, { server, tool, phase: 'request', timeout, safety, taskId, exited }, classifier);
    const fatal = session.fatal;
    if (fatal !== undefined && (classified.kind === 'timeout' || classified.kind === 'transport')) {
      // The real cause (read limit, a message too deep to parse) instead of the timeout or close it led to.
      session.fatal = undefined;
      // The same request would get the same answer over the limit: not retried, even for a read-only tool.
      const overLimit = fatal.includes('read limit');
      const message = `${server} ${tool}: ${fatal}${overLimit ? `; not retried (the same request would get the same answer)${exited === undefined ? '' : `: ${exited}`}` : ''}`;
      classified = new McpCallError({ server, tool, kind: overLimit ? 'transport' : 'protocol', message, code: classified.code, sent: true, safety, repeatable: !overLimit, taskId, cause: error });
    }
    if (classified.kind === 'timeout') connection.timedOut(session, this.policy.restartAfterTimeouts ?? 2);
    const failure = redactFailure(classified, connection.redact);
    // A transport failure means this session is gone: the next attempt builds a fresh one.
    if (failure.kind === 'transport') connection.discard(session, failure.message);
    return failure;
  }
}
