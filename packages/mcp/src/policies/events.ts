import type { Emitter } from '@res/core';
import type { ClientEvent } from '../events.js';
import type { BeyondHooks } from './beyond.js';

/** The events of the policies beyond breaker, retry and timeout. */
export type BeyondEvent =
  /** The server's retry budget refused a retry or a hedge of `tool`: the call went on without it. */
  | { type: 'budget-refused'; server: string; tool: string; by: 'retry' | 'hedge' }
  /** A hedge of call `callId` was sent (`attempt` >= 2 within its hedged group). */
  | { type: 'hedge'; server: string; tool: string; callId: number; attempt: number }
  /** A hedge answered call `callId` first; the other attempts were cancelled. */
  | { type: 'hedge-won'; server: string; tool: string; callId: number; attempt: number }
  /** Chaos injected a fault or latency into an attempt of call `callId` (game day). */
  | { type: 'chaos'; server: string; tool: string; callId: number; kind: 'fault' | 'latency'; attempt: number }
  /** The server's adaptive concurrency limit (`concurrency`) moved from `previous` to `limit`. */
  | { type: 'concurrency-limit'; server: string; limit: number; previous: number };

/** Hooks that turn the policies' reports into client events. */
export function beyondHooks(server: string, events: Emitter<{ event: ClientEvent }>): BeyondHooks {
  const emit = (event: BeyondEvent): void => {
    if (events.has('event')) events.emit('event', event);
  };
  return {
    budgetRefused: (tool, by) => {
      emit({ type: 'budget-refused', server, tool, by });
    },
    hedged: (tool, callId, attempt, won) => {
      emit({ type: won ? 'hedge-won' : 'hedge', server, tool, callId, attempt });
    },
    injected: (tool, callId, kind, attempt) => {
      emit({ type: 'chaos', server, tool, callId, kind, attempt });
    },
    limitChanged: (limit, previous) => {
      emit({ type: 'concurrency-limit', server, limit, previous });
    },
  };
}
