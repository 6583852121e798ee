/**
 * Plays each server's fault timeline on its fake: at each step the whole plan is replaced
 * (the stdio child re-reads it on its next call). At {@link CALM_AT} every fault is cleared.
 */
import type { Fault, FaultPlan, SeededRandom } from '@res/testkit';
import type { Member } from './fleet.js';
import { CALM_AT } from './servers/types.js';

/** What the table shows once the final calm phase begins. */
export const RECOVERED = 'calm: every fault cleared';

/** A fault change, as it happened. */
export interface FaultChange {
  server: string;
  label: string;
  /** Ms since the start of the run. */
  at: number;
}

/** The running timeline. */
export interface Timeline {
  /** The label of the plan in force on a server. */
  current(server: string): string;
  /** Cancels the steps not yet played. */
  cancel(): void;
}

/**
 * Schedules every step. Each server's timeline is shifted by a seeded 0-4 % of the run, and
 * `random` faults get seeds drawn from `rng`, so a seed replays the same plan.
 *
 * @example const timeline = playTimeline(fleet, 25_000, seededRandom(42), (change) => log(change));
 */
export function playTimeline(members: readonly Member[], durationMs: number, rng: SeededRandom, onChange: (change: FaultChange) => void): Timeline {
  const labels = new Map<string, string>();
  const timers: NodeJS.Timeout[] = [];
  const started = Date.now();
  const apply = (member: Member, label: string, plan: FaultPlan): void => {
    member.fake.clearFaults();
    for (const [tool, fault] of Object.entries(plan)) member.fake.setFault(tool, fault);
    labels.set(member.server.name, label);
    onChange({ server: member.server.name, label, at: Date.now() - started });
  };
  for (const member of members) {
    labels.set(member.server.name, 'calm');
    const shift = rng.next() * 0.04;
    for (const step of member.server.timeline) {
      const plan = seeded(step.faults, rng);
      const at = Math.min(step.at + shift, CALM_AT - 0.01);
      timers.push(setTimeout(() => { apply(member, step.label, plan); }, at * durationMs));
    }
    timers.push(setTimeout(() => { apply(member, RECOVERED, {}); }, CALM_AT * durationMs));
  }
  return {
    current: (server) => labels.get(server) ?? 'calm',
    cancel: () => {
      for (const timer of timers) clearTimeout(timer);
    },
  };
}

/** The plan with a seed drawn for every `random` fault that has none. */
function seeded(plan: FaultPlan, rng: SeededRandom): FaultPlan {
  return Object.fromEntries(Object.entries(plan).map(([tool, fault]) => [tool, withSeed(fault, rng)]));
}

function withSeed(fault: Fault, rng: SeededRandom): Fault {
  switch (fault.type) {
    case 'random':
      return { ...fault, seed: fault.seed ?? rng.int(1, 2_147_483_647), fault: withSeed(fault.fault, rng) };
    case 'fail-first':
      return { ...fault, fault: withSeed(fault.fault, rng) };
    case 'slow':
      return fault.then === undefined ? fault : { ...fault, then: withSeed(fault.then, rng) };
    default:
      return fault;
  }
}
