import { describe, expect, it } from 'vitest';
import { summarize, type RunFacts, type ServerSummary } from '../src/summary.js';

const server = (overrides: Partial<ServerSummary> = {}): ServerSummary => ({
  name: 'mailgun', calls: 30, successes: 25, failures: 3, retries: 6, rejections: 2, fallbacks: 1, restarts: 0, processes: 1,
  opened: 1, closed: 1, finalState: 'closed', latencyMs: { p50: 40, p99: 900 }, unsafe: [{ tool: 'send_message', called: 4, ran: 4 }], ...overrides,
});

const facts = (overrides: Partial<RunFacts> = {}): RunFacts => ({
  seed: 1, durationMs: 10_000, elapsedMs: 10_100, callsPerSecond: 10, interrupted: false,
  servers: [server(), server({ name: 'mermaid', unsafe: [], opened: 0, closed: 0 })], unhandledRejections: [], leftoverPids: [], ...overrides,
});

describe('summarize', () => {
  it('passes when every invariant holds, and adds up the totals', () => {
    const summary = summarize(facts());
    expect(summary.ok).toBe(true);
    expect(summary.invariants.map((invariant) => invariant.ok)).toEqual([true, true, true, true]);
    expect(summary.totals).toEqual({ calls: 60, successes: 50, failures: 6, retries: 12, rejections: 4, fallbacks: 2, restarts: 0, opened: 1, closed: 1 });
    expect(summary.invariants[1]?.detail).toBe('1 opened (mailgun 1x), all closed');
  });

  it('fails when an unsafe tool ran more often than the demo called it, naming it', () => {
    const summary = summarize(facts({ servers: [server({ unsafe: [{ tool: 'send_message', called: 4, ran: 5 }] })] }));
    expect(summary.ok).toBe(false);
    expect(summary.invariants[0]).toEqual({ name: 'no unsafe tool ran more often than it was called', ok: false, detail: 'mailgun.send_message ran 5x for 4 calls' });
  });

  it('fails when a breaker that opened is not closed at the end', () => {
    const summary = summarize(facts({ servers: [server({ finalState: 'half-open', closed: 0 })] }));
    expect(summary.ok).toBe(false);
    expect(summary.invariants[1]).toMatchObject({ ok: false, detail: 'still not closed: mailgun (half-open)' });
  });

  it('fails on an unhandled rejection or a child process left alive', () => {
    expect(summarize(facts({ unhandledRejections: [new Error('boom')] })).invariants[2]).toMatchObject({ ok: false, detail: '1, first: boom' });
    expect(summarize(facts({ leftoverPids: [4242] })).invariants[3]).toMatchObject({ ok: false, detail: 'still alive: 4242' });
  });

  it('says so when no breaker opened', () => {
    expect(summarize(facts({ servers: [server({ opened: 0, closed: 0 })] })).invariants[1]).toMatchObject({ ok: true, detail: 'no breaker opened' });
  });
});
