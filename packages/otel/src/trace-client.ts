import { SpanKind, SpanStatusCode, trace, type Attributes, type Span, type Tracer } from '@opentelemetry/api';
import { ResilientClient, type ClientEvent, type ClientEventOf } from '@res/mcp';
import * as attr from './attributes.js';

/** A client `traceClient` accepts: a `ResilientClient`, or an adapter client (which has `.client`). */
export type TracedClient = ResilientClient | { readonly client: ResilientClient };

/** Options of {@link traceClient}. */
export interface TraceClientOptions {
  /** The tracer spans come from. [`trace.getTracer('@res/otel')`: the global provider's, a no-op until one is registered] */
  tracer?: Tracer;
}

type BreakerState = ResilientClient['breaker']['state'];

/** A span in progress, with what its end needs. */
interface OpenCall {
  readonly span: Span;
  readonly tool: string;
  readonly at: number;
}

/**
 * One CLIENT span per `callTool`, named `tools/call <tool>` as the MCP semantic
 * conventions ask, from the call's start to its end (retries and backoff included),
 * a child of the context active when `callTool` was called. Attributes: server, tool,
 * outcome, attempts, breaker state; each retry, fallback, hedge, budget refusal and chaos
 * injection is a span event; a failed
 * call has status ERROR and `error.type` (the error kind). Returns the unsubscribe
 * (spans still open are ended then). Costs next to nothing without a tracer provider:
 * spans that do not record are not tracked.
 *
 * @example
 * const stop = traceClient(client); // spans go to the globally registered provider
 */
export function traceClient(target: TracedClient, options: TraceClientOptions = {}): () => void {
  const client = clientOf(target);
  const tracer = options.tracer ?? trace.getTracer('@res/otel');
  const open = new Map<number, OpenCall>();
  const toolStates = new Map<string, BreakerState>(Object.entries(client.health().tools ?? {}));
  const perTool = client.policy.breakerScope === 'tool';
  const server = client.name;

  const start = (event: ClientEventOf<'call-start'>): void => {
    const span = tracer.startSpan(`tools/call ${event.tool}`, {
      kind: SpanKind.CLIENT,
      startTime: event.at,
      attributes: {
        [attr.MCP_METHOD_NAME]: 'tools/call',
        [attr.GEN_AI_OPERATION_NAME]: 'execute_tool',
        [attr.GEN_AI_TOOL_NAME]: event.tool,
        [attr.RES_SERVER]: server,
      },
    });
    if (span.isRecording()) open.set(event.callId, { span, tool: event.tool, at: event.at });
  };

  const end = (event: ClientEventOf<'call-end'>): void => {
    const call = open.get(event.callId);
    if (call === undefined) return;
    open.delete(event.callId);
    const state = perTool ? (toolStates.get(event.tool) ?? 'closed') : client.breaker.state;
    const attributes: Attributes = { [attr.RES_OUTCOME]: event.outcome, [attr.RES_ATTEMPTS]: event.attempts, [attr.RES_BREAKER_STATE]: state };
    if (event.kind !== undefined) {
      attributes[attr.ERROR_TYPE] = event.kind === 'tool' ? 'tool_error' : event.kind;
      call.span.setStatus({ code: SpanStatusCode.ERROR, message: event.error ?? event.kind });
    }
    call.span.setAttributes(attributes);
    call.span.end(call.at + event.durationMs);
  };

  const listener = (event: ClientEvent): void => {
    switch (event.type) {
      case 'call-start':
        start(event);
        return;
      case 'call-end':
        end(event);
        return;
      case 'retry':
        spanOf(open, event.callId, event.tool)?.addEvent(attr.RETRY_EVENT, {
          [attr.RES_RETRY_ATTEMPT]: event.attempt,
          [attr.RES_RETRY_DELAY]: event.delayMs,
          [attr.ERROR_TYPE]: event.kind === 'tool' ? 'tool_error' : event.kind,
          [attr.RES_ERROR_MESSAGE]: event.error,
        });
        return;
      case 'fallback':
        open.get(event.callId)?.span.addEvent(attr.FALLBACK_EVENT, { [attr.RES_FALLBACK_SOURCE]: event.source, [attr.RES_ERROR_MESSAGE]: event.error });
        return;
      case 'state-change':
        if (event.tool !== undefined) toolStates.set(event.tool, event.to);
        return;
      case 'hedge':
      case 'hedge-won':
        open.get(event.callId)?.span.addEvent(event.type === 'hedge' ? attr.HEDGE_EVENT : attr.HEDGE_WON_EVENT, { [attr.RES_HEDGE_ATTEMPT]: event.attempt });
        return;
      case 'budget-refused':
        // The event names no call: like a retry without a call id, it goes to the one call of the tool in flight.
        spanOf(open, undefined, event.tool)?.addEvent(attr.BUDGET_REFUSED_EVENT, { [attr.RES_BUDGET_REFUSED_BY]: event.by });
        return;
      case 'chaos':
        open.get(event.callId)?.span.addEvent(attr.CHAOS_EVENT, { [attr.RES_CHAOS_KIND]: event.kind, [attr.RES_CHAOS_ATTEMPT]: event.attempt });
        return;
      default:
        // Session and server events (connect, reconnect, disconnect, restore-failed, rejected,
        // concurrency-limit) belong to no call: a rejected call's reason is its end's error.type.
        return;
    }
  };
  const unsubscribe = client.on('event', listener);
  return () => {
    unsubscribe();
    for (const call of open.values()) call.span.end();
    open.clear();
  };
}

/**
 * The span of a retried call. A retry without a call id (a failed connect that several
 * calls shared) goes to the one call of that tool in flight, if there is only one.
 */
function spanOf(open: ReadonlyMap<number, OpenCall>, callId: number | undefined, tool: string): Span | undefined {
  if (callId !== undefined) return open.get(callId)?.span;
  let found: Span | undefined;
  for (const call of open.values()) {
    if (call.tool !== tool) continue;
    if (found !== undefined) return undefined;
    found = call.span;
  }
  return found;
}

function clientOf(target: TracedClient): ResilientClient {
  if (target instanceof ResilientClient) return target;
  const inner = (target as { client?: unknown } | null)?.client;
  if (inner instanceof ResilientClient) return inner;
  throw new TypeError('traceClient: expected a ResilientClient or an adapter client (with .client)');
}
