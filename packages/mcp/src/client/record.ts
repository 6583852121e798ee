import { BrokenCircuitError, BulkheadRejectedError, RateLimitError, ThrottledError, type Emitter, type RetryInfo, type StateChange, type Unsubscribe } from '@res/core';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { CallState } from '../call.js';
import { isMcpFailure } from '../errors.js';
import { CLIENT_EVENT_TYPES, type CallOutcome, type ClientEvent, type ClientEventType, type EventListenerOptions } from '../events.js';
import { ClientHealth } from '../health.js';
import { show } from '../options.js';
import type { RestoreFailure } from '../protocol/session-state.js';
import type { ServerNotificationMessage } from '../types.js';

/**
 * The client's emitter: its events (`call`: `call-start` and `call-end`, apart so they are built
 * only when someone wants them; `event`: every other) and the server's notifications.
 */
export type ClientEmitter = Emitter<{ event: ClientEvent; call: ClientEvent; notification: ServerNotificationMessage }>;

const CALL_TYPES: ReadonlySet<ClientEventType> = new Set(['call-start', 'call-end']);

/**
 * Subscribes a listener to a client's events, only to `types` when given (validated: a
 * `TypeError` names the option and the value); returns the unsubscribe.
 */
export function subscribeEvents(events: ClientEmitter, listener: (event: ClientEvent) => void, options: EventListenerOptions = {}): Unsubscribe {
  const { types } = options;
  if (types === undefined) {
    const offEvents = events.on('event', listener);
    const offCalls = events.on('call', listener);
    return () => {
      offEvents();
      offCalls();
    };
  }
  const list: unknown = types;
  if (!Array.isArray(list)) throw new TypeError(`on('event'): options.types must be an array of event types, got ${show(list)}`);
  if (list.length === 0) throw new TypeError(`on('event'): options.types is empty; name at least one event type (or leave it out for every event)`);
  for (const type of list as unknown[]) {
    if (!(CLIENT_EVENT_TYPES as readonly unknown[]).includes(type)) {
      throw new TypeError(`on('event'): options.types has an unknown event type ${show(type)}; known: ${CLIENT_EVENT_TYPES.join(', ')}`);
    }
  }
  const wanted: ReadonlySet<ClientEventType> = new Set(types);
  const filtered = (event: ClientEvent): void => {
    if (wanted.has(event.type)) listener(event);
  };
  const offs: Unsubscribe[] = [];
  if (types.some((type) => CALL_TYPES.has(type))) offs.push(events.on('call', filtered));
  if (types.some((type) => !CALL_TYPES.has(type))) offs.push(events.on('event', filtered));
  return () => {
    for (const off of offs) off();
  };
}

/** The fallback stage of a failed call: its answer, or `undefined` for none. */
export type FallbackStage = (call: CallState, error: unknown) => Promise<Fallback | undefined>;

/** A failed call's answer from its fallback stage. */
export interface Fallback {
  readonly result: CallToolResult;
  readonly source: 'cache' | 'function';
  readonly cachedAt?: number | undefined;
}

/**
 * Every event, health counter and latency sample of one client, in one place: the client
 * tells it what happened (once per outcome), the connection and the policies report to it
 * directly, and it counts and emits. Events are built only when someone listens.
 */
export class CallRecorder {
  readonly health: ClientHealth;

  constructor(
    readonly server: string,
    readonly events: ClientEmitter,
    readonly includeArguments: boolean,
  ) {
    this.health = new ClientHealth(server);
  }

  /** A tool call begins; returns its start time. */
  start(call: CallState): number {
    const at = Date.now();
    this.health.calls++;
    this.health.inFlight++;
    if (this.events.has('call')) {
      this.events.emit('call', {
        type: 'call-start', server: this.server, tool: call.runtime.name, callId: call.id, at,
        ...(this.includeArguments ? { arguments: call.args } : {}),
      });
    }
    return at;
  }

  success(call: CallState, started: number): void {
    this.#end(call, started, 'success');
  }

  aborted(call: CallState, started: number): void {
    this.#end(call, started, 'aborted');
  }

  /**
   * A call failed (not aborted): a rejection (breaker open, bulkhead full, rate limit, throttled)
   * is counted first, then the fallback `stage` runs; the call ends answered by it, or failing
   * with `error`. Resolves with the fallback's answer, if any.
   */
  async failed(call: CallState, started: number, error: unknown, stage: FallbackStage): Promise<Fallback | undefined> {
    const rejection = rejectionOf(error);
    if (rejection !== undefined) {
      this.health.rejections++;
      if (this.events.has('event')) {
        this.events.emit('event', { type: 'rejected', server: this.server, tool: call.runtime.name, reason: rejection.reason, retryAfterMs: rejection.retryAfter });
      }
    }
    const fallback = await stage(call, error);
    if (fallback !== undefined) {
      this.health.fallbacks++;
      if (this.events.has('event')) {
        this.events.emit('event', {
          type: 'fallback', server: this.server, tool: call.runtime.name, callId: call.id, source: fallback.source,
          ...(fallback.cachedAt === undefined ? {} : { cachedAt: fallback.cachedAt }), error: messageOf(error),
        });
      }
      this.#end(call, started, 'fallback', error, kindOf(error));
      return fallback;
    }
    const kind = kindOf(error);
    const rejected = rejection !== undefined;
    if (kind !== 'caller' && !rejected) this.health.failures++;
    this.health.lastError = { tool: call.runtime.name, kind, message: messageOf(error), at: Date.now() };
    const outcome = rejected ? 'rejected' : kind === 'caller' ? 'caller-error' : kind === 'timeout' ? 'timeout' : 'failure';
    this.#end(call, started, outcome, error, kind);
    return undefined;
  }

  /** The listener of a retry policy's `'retry'` event, for `tool` (or a protocol method). */
  retryListener(tool: string): (info: RetryInfo<{ readonly callId: number }>) => void {
    return ({ attempt, delay, error, context }) => {
      this.retry(tool, attempt, delay, error, context?.callId);
    };
  }

  /** The listener of a breaker's `'stateChange'` event (`tool`: a per-tool breaker's). */
  stateChangeListener(tool: string | undefined): (change: StateChange) => void {
    return ({ from, to, at }) => {
      if (this.events.has('event')) this.events.emit('event', { type: 'state-change', server: this.server, ...(tool === undefined ? {} : { tool }), from, to, at });
    };
  }

  /** A retry of a tool (`callId` set) or of a protocol request. */
  retry(tool: string, attempt: number, delay: number, error: unknown, callId?: number): void {
    this.health.retries++;
    if (this.events.has('event')) {
      const kind = isMcpFailure(error) ? error.kind : 'unknown';
      this.events.emit('event', { type: 'retry', server: this.server, tool, ...(callId === undefined ? {} : { callId }), attempt, delayMs: delay, kind, error: messageOf(error) });
    }
  }

  connected(durationMs: number, reconnect: boolean): void {
    if (reconnect) this.health.reconnects++;
    if (this.events.has('event')) {
      this.events.emit('event', reconnect ? { type: 'reconnect', server: this.server, durationMs, reconnect } : { type: 'connect', server: this.server, durationMs, reconnect });
    }
  }

  disconnected(reason: Extract<ClientEvent, { type: 'disconnect' }>['reason']): void {
    if (this.events.has('event')) this.events.emit('event', { type: 'disconnect', server: this.server, reason });
  }

  restoreFailed(failure: RestoreFailure): void {
    if (this.events.has('event')) this.events.emit('event', { type: 'restore-failed', server: this.server, ...failure });
  }

  #end(call: CallState, started: number, outcome: CallOutcome, error?: unknown, kind?: EndKind): void {
    const durationMs = Date.now() - started;
    this.health.end(outcome, durationMs);
    if (!this.events.has('call')) return;
    this.events.emit('call', {
      type: 'call-end', server: this.server, tool: call.runtime.name, callId: call.id, outcome, durationMs, attempts: call.attempts,
      ...(error === undefined || kind === undefined ? {} : { kind, error: messageOf(error) }),
    });
  }
}

function rejectionOf(error: unknown): { reason: 'circuit-open' | 'bulkhead' | 'rate-limit' | 'throttled'; retryAfter: number } | undefined {
  if (error instanceof BrokenCircuitError) return { reason: 'circuit-open', retryAfter: error.retryAfter };
  if (error instanceof ThrottledError) return { reason: 'throttled', retryAfter: 0 };
  if (error instanceof BulkheadRejectedError) return { reason: 'bulkhead', retryAfter: 0 };
  if (error instanceof RateLimitError) return { reason: 'rate-limit', retryAfter: error.retryAfter };
  return undefined;
}

type EndKind = NonNullable<Extract<ClientEvent, { type: 'call-end' }>['kind']>;

/** The kind a failed call ends with: the MCP failure's, or the policy's that turned it away. */
function kindOf(error: unknown): EndKind {
  if (isMcpFailure(error)) return error.kind;
  if (error instanceof BrokenCircuitError) return 'circuit-open';
  if (error instanceof BulkheadRejectedError) return 'bulkhead';
  if (error instanceof RateLimitError) return 'rate-limit';
  if (error instanceof ThrottledError) return 'throttled';
  return 'protocol';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
