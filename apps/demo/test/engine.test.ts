import { describe, expect, it } from 'vitest';
import { runDemo } from '../src/engine.js';
import type { DemoEvent, Snapshot } from '../src/report.js';

describe('runDemo (headless, real child processes)', () => {
  it('opens breakers during outages, closes them after, never runs an unsafe call twice, leaves nothing behind', async () => {
    const events: DemoEvent[] = [];
    const snapshots: Snapshot[] = [];
    const summary = await runDemo(
      { durationMs: 8_000, seed: 7, callsPerSecond: 15, servers: ['session-buddy', 'mailgun', 'mermaid'], tickMs: 500 },
      { event: (event) => events.push(event), snapshot: (snapshot) => snapshots.push(snapshot) },
    );

    expect(summary.invariants.filter((invariant) => !invariant.ok)).toEqual([]);
    expect(summary.ok).toBe(true);
    expect(summary.interrupted).toBe(false);
    expect(summary.servers.map((server) => server.name)).toEqual(['session-buddy', 'mailgun', 'mermaid']);

    // The workload ran through all three adapters.
    expect(summary.totals.calls).toBeGreaterThan(60);
    for (const server of summary.servers) expect(server.calls).toBeGreaterThan(15);
    expect(summary.totals.successes).toBeGreaterThan(summary.totals.failures);
    // Outages: retries, breakers opening and closing again, fallbacks from the stale cache.
    expect(summary.totals.retries).toBeGreaterThan(0);
    expect(summary.totals.opened).toBeGreaterThan(0);
    expect(summary.totals.closed).toBeGreaterThanOrEqual(summary.totals.opened);
    for (const server of summary.servers) expect(server.finalState).toBe('closed');
    // The crashes: the fakes' children died mid-call and the clients reconnected.
    const crashed = summary.servers.filter((server) => server.processes > 1);
    expect(crashed.length).toBeGreaterThan(0);
    for (const server of crashed) expect(server.restarts).toBeGreaterThan(0);
    // Unsafe tools: never more handler runs than calls made.
    const unsafe = summary.servers.flatMap((server) => server.unsafe);
    expect(unsafe.map((count) => count.tool).sort()).toEqual(['send_message', 'store_reflection']);
    for (const count of unsafe) expect(count.ran).toBeLessThanOrEqual(count.called);

    // What a reporter saw: fault changes on the timeline, breaker changes, snapshots.
    const states = events.filter((event) => event.type === 'state');
    expect(states.some((event) => event.to === 'open' && event.reason !== undefined)).toBe(true);
    expect(states.some((event) => event.from === 'half-open' && event.to === 'closed')).toBe(true);
    expect(events.filter((event) => event.type === 'fault').map((event) => event.label)).toContain('calm: every fault cleared');
    expect(snapshots.length).toBeGreaterThan(5);
    expect(snapshots.at(-1)?.rows.map((row) => row.state)).toEqual(['closed', 'closed', 'closed']);
  }, 90_000);

  it('rejects an unknown server before starting anything', async () => {
    await expect(runDemo({ durationMs: 5_000, seed: 1, callsPerSecond: 5, servers: ['nope'] })).rejects.toThrow(/unknown server 'nope' \(servers: mahavishnu, /);
  });
});
