import { describe, expect, it } from 'vitest';
import { McpCallError, McpTimeoutError, verdict, type Happened, type ToolSafety } from '../src/index.js';

type Row = [what: string, happened: Happened, sent: boolean, counted: boolean, retried: Record<ToolSafety, boolean>, retryAfter?: number];

const safe = { read: true, idempotent: true, unsafe: false };
const any = { read: true, idempotent: true, unsafe: true };
const never = { read: false, idempotent: false, unsafe: false };

describe('verdict: the DESIGN §4 error table, row by row', () => {
  it.each<Row>([
    // | what happened | kind | breaker failure | retried (if the tool is safe) |
    ['-32000, Not connected, ECONNREFUSED, spawn error, HTTP 5xx / fetch failed (sent)', { kind: 'transport' }, true, true, safe],
    ['the same before the request was written (spawn error, refused, Not connected)', { kind: 'transport' }, false, true, any],
    ['SDK -32001 (not the caller\'s abort)', { kind: 'timeout' }, true, true, safe],
    ['-32603 and other codes, malformed results', { kind: 'protocol' }, true, true, safe],
    ['-32600, -32601, -32602', { kind: 'caller' }, true, false, never],
    ['isError that toolErrorIsFailure counts, or classifyResult says failure', { kind: 'tool' }, true, true, safe],
    ['... with counted: false', { kind: 'tool', counted: false }, true, false, safe],
    ['classifyResult says caller', { kind: 'caller' }, true, false, never],
    ['classifyResult says rate-limit (retryAfter given)', { kind: 'rate-limit', retryAfter: 60_000 }, true, false, safe, 60_000],
    ['classifyResult says rate-limit (no retryAfter: 1 s)', { kind: 'rate-limit' }, true, false, safe, 1_000],
    ['a catalog tool that the live tools/list lacks (no request is sent)', { kind: 'caller' }, false, false, never],
    // Additions made while building (DESIGN §4, "Additions").
    ['a classification says notExecuted: true (refused before any tool ran)', { kind: 'tool' }, false, true, any],
    ['a classifyError verdict with counted: false', { kind: 'protocol', counted: false }, true, false, safe],
    // Facts found while classifying that make a repeat pointless.
    ['a stdio server that exited before answering initialize', { kind: 'transport', repeatable: false }, false, true, never],
    ['an answer over the read limit', { kind: 'transport', repeatable: false }, true, true, never],
    ['a task the server no longer knows (restarted)', { kind: 'transport', repeatable: false, task: true }, true, true, never],
    ['a failure while the call runs as a task: a retry only polls it', { kind: 'transport', task: true }, true, true, any],
    ['a caller error of a task poll', { kind: 'caller', task: true }, true, false, never],
  ])('%s', (_what, happened, sent, counted, retried, retryAfter) => {
    for (const safety of ['read', 'idempotent', 'unsafe'] as const) {
      const expected = { kind: happened.kind, counted, retryable: retried[safety], ...(retryAfter === undefined ? {} : { retryAfter }) };
      expect(verdict(happened, safety, sent)).toEqual(expected);
    }
  });

  it('never retries an unsafe tool once its request may have reached the server (unless a retry only polls its task)', () => {
    const kinds = ['transport', 'timeout', 'protocol', 'caller', 'tool', 'rate-limit'] as const;
    for (const kind of kinds) {
      for (const counted of [undefined, true, false]) {
        for (const repeatable of [undefined, true, false]) {
          expect(verdict({ kind, counted, repeatable }, 'unsafe', true).retryable).toBe(false);
        }
      }
    }
  });
});

describe('every failure carries its verdict from the moment it is made', () => {
  it('McpCallError: counted, retryable and retryAfter from its kind, safety, sent and facts', () => {
    const make = (init: Partial<ConstructorParameters<typeof McpCallError>[0]>): McpCallError =>
      new McpCallError({ server: 's', tool: 't', kind: 'transport', message: 'm', sent: true, ...init });
    expect(make({})).toMatchObject({ counted: true, retryable: false }); // safety unknown: unsafe
    expect(make({ safety: 'read' })).toMatchObject({ counted: true, retryable: true });
    expect(make({ safety: 'unsafe', sent: false })).toMatchObject({ retryable: true });
    expect(make({ safety: 'read', sent: false, repeatable: false })).toMatchObject({ retryable: false });
    expect(make({ safety: 'unsafe', taskId: 'task-1' })).toMatchObject({ retryable: true, taskId: 'task-1' });
    expect(make({ kind: 'rate-limit', safety: 'read' })).toMatchObject({ counted: false, retryable: true, retryAfter: 1_000 });
    expect(make({ kind: 'caller', safety: 'read', sent: false })).toMatchObject({ counted: false, retryable: false });
  });

  it('McpTimeoutError: counted, and retryable for a safe tool or a task poll', () => {
    expect(new McpTimeoutError('s', 't', 10)).toMatchObject({ counted: true, retryable: false, taskId: undefined });
    expect(new McpTimeoutError('s', 't', 10, undefined, { safety: 'idempotent' })).toMatchObject({ retryable: true });
    expect(new McpTimeoutError('s', 't', 10, undefined, { safety: 'unsafe', taskId: 'task-1' })).toMatchObject({ retryable: true, taskId: 'task-1' });
  });
});
