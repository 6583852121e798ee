import type { CircuitState } from '@res/core';
import type { ErrorKind } from './errors.js';
import type { BeyondEvent } from './policies/events.js';

/** How a logical call ended. */
export type CallOutcome = 'success' | 'failure' | 'timeout' | 'rejected' | 'fallback' | 'caller-error' | 'aborted';

/** Every event a client emits, each tagged with the server (and the tool where there is one). */
export type ClientEvent =
  | {
      type: 'call-start';
      server: string;
      tool: string;
      /** Numbers the client's calls (1, 2, …): correlates a call's start, retries, fallback and end. */
      callId: number;
      at: number;
      arguments?: Record<string, unknown>;
    }
  | {
      type: 'call-end';
      server: string;
      tool: string;
      callId: number;
      outcome: CallOutcome;
      durationMs: number;
      attempts: number;
      /** The error kind, when the call failed. */
      kind?: ErrorKind | 'circuit-open' | 'bulkhead' | 'rate-limit' | 'throttled';
      /** The error message (never arguments or environment values). */
      error?: string;
    }
  | {
      type: 'retry';
      server: string;
      tool: string;
      /** The call retried (from the call's context, even when several calls share one failure); absent for non-tool requests. */
      callId?: number;
      attempt: number;
      delayMs: number;
      kind: ErrorKind | 'unknown';
      error: string;
    }
  | { type: 'state-change'; server: string; tool?: string; from: CircuitState; to: CircuitState; at: number }
  | { type: 'rejected'; server: string; tool: string; reason: 'circuit-open' | 'bulkhead' | 'rate-limit' | 'throttled'; retryAfterMs: number }
  | { type: 'fallback'; server: string; tool: string; callId: number; source: 'cache' | 'function'; cachedAt?: number; error: string }
  /** The first session with the server. */
  | { type: 'connect'; server: string; durationMs: number; reconnect: false }
  /** A fresh session after the previous one closed or crashed (the transport is rebuilt). */
  | { type: 'reconnect'; server: string; durationMs: number; reconnect: true }
  | { type: 'disconnect'; server: string; reason: string }
  /** Session state (log level, a subscription) that a new session did not take: it is lost until set again. */
  | { type: 'restore-failed'; server: string; what: 'logging' | 'subscription'; uri?: string; error: string }
  | BeyondEvent;

/** The event types, for filtering. */
export type ClientEventType = ClientEvent['type'];

// A record, so a type added to ClientEvent and not here (or one here that is not one) fails to compile.
const EVERY_TYPE: Record<ClientEventType, true> = {
  'call-start': true, 'call-end': true, retry: true, 'state-change': true, rejected: true, fallback: true, connect: true, reconnect: true,
  disconnect: true, 'restore-failed': true, 'budget-refused': true, hedge: true, 'hedge-won': true, chaos: true, 'concurrency-limit': true,
};

/**
 * Every event type a client emits, for `client.on('event', listener, { types })`.
 *
 * @example CLIENT_EVENT_TYPES.includes('state-change'); // true
 */
export const CLIENT_EVENT_TYPES: readonly ClientEventType[] = Object.freeze(Object.keys(EVERY_TYPE) as ClientEventType[]);

/** Options of `client.on('event', listener, options)`. */
export interface EventListenerOptions {
  /**
   * Only these event types reach the listener. Without per-call types (`call-start`,
   * `call-end`) among a client's listeners, those two events are not even built: a listener
   * for connections and breaker changes costs a call nothing.
   */
  readonly types?: readonly ClientEventType[];
}

/** Payload of one event type. */
export type ClientEventOf<T extends ClientEventType> = Extract<ClientEvent, { type: T }>;
