import type { Fault } from '@res/testkit';
import { seededRandom } from '@res/testkit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Member } from '../src/fleet.js';
import { CALM_AT, type DemoServer } from '../src/servers.js';
import { playTimeline, RECOVERED, type FaultChange } from '../src/timeline.js';

afterEach(() => {
  vi.useRealTimers();
});

function member(name: string, timeline: DemoServer['timeline']): { member: Member; plan: Map<string, Fault> } {
  const plan = new Map<string, Fault>();
  const fake = {
    setFault: (tool: string, fault: Fault) => plan.set(tool, fault),
    clearFaults: () => {
      plan.clear();
    },
  };
  return { member: { server: { name, timeline } as DemoServer, fake, client: {} } as unknown as Member, plan };
}

const steps: DemoServer['timeline'] = [
  { at: 0.1, label: 'flaky', faults: { '*': { type: 'random', probability: 0.5, fault: { type: 'fail' } } } },
  { at: 0.4, label: 'outage', faults: { '*': { type: 'fail' }, read_item: { type: 'slow', ms: 10 } } },
];

function play(seed: number): { changes: FaultChange[]; plans: Record<string, Fault>[] } {
  vi.useFakeTimers();
  const { member: one, plan } = member('one', steps);
  const changes: FaultChange[] = [];
  const plans: Record<string, Fault>[] = [];
  playTimeline([one], 10_000, seededRandom(seed), (change) => {
    changes.push(change);
    plans.push(Object.fromEntries(plan));
  });
  vi.advanceTimersByTime(10_000);
  return { changes, plans };
}

describe('playTimeline', () => {
  it('replaces the plan at each step, then clears every fault at the calm phase', () => {
    const { changes, plans } = play(42);
    expect(changes.map((change) => change.label)).toEqual(['flaky', 'outage', RECOVERED]);
    expect(changes[0]?.at).toBeGreaterThanOrEqual(1_000);
    expect(changes[0]?.at).toBeLessThanOrEqual(1_400); // shifted by at most 4 % of the run
    expect(changes[2]?.at).toBe(Math.round(CALM_AT * 10_000));
    expect(Object.keys(plans[1] ?? {})).toEqual(['*', 'read_item']);
    expect(plans[2]).toEqual({});
  });

  it('seeds random faults from the run seed: the same seed, the same plan', () => {
    const first = play(42).plans[0]?.['*'];
    const again = play(42).plans[0]?.['*'];
    const other = play(43).plans[0]?.['*'];
    expect(first).toMatchObject({ type: 'random', probability: 0.5, seed: expect.any(Number) as number });
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  });

  it('cancel stops the steps not yet played', () => {
    vi.useFakeTimers();
    const { member: one } = member('one', steps);
    const changes: FaultChange[] = [];
    const timeline = playTimeline([one], 10_000, seededRandom(1), (change) => changes.push(change));
    vi.advanceTimersByTime(2_000);
    expect(timeline.current('one')).toBe('flaky');
    timeline.cancel();
    vi.advanceTimersByTime(10_000);
    expect(changes.map((change) => change.label)).toEqual(['flaky']);
  });
});
