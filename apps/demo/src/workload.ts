/**
 * The application: a steady stream of calls (`callsPerSecond` across the servers, in turn),
 * each a tool picked by weight with plausible arguments, all drawn from one seeded PRNG.
 * Calls are not awaited one by one — a slow server must not slow the others — but each
 * server has at most {@link MAX_IN_FLIGHT} calls in progress.
 */
import type { SeededRandom } from '@res/testkit';
import type { Member } from './fleet.js';
import type { WorkloadItem } from './servers/types.js';

const MAX_IN_FLIGHT = 8;

/** The workload of a run. */
export class Workload {
  readonly #members: readonly Member[];
  readonly #rng: SeededRandom;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #perServer = new Map<string, number>();
  readonly #called = new Map<string, number>();
  #timer: NodeJS.Timeout | undefined;
  #next = 0;

  constructor(members: readonly Member[], rng: SeededRandom) {
    this.#members = members;
    this.#rng = rng;
  }

  /** Starts calling, `callsPerSecond` calls a second. */
  start(callsPerSecond: number): void {
    this.#timer = setInterval(() => {
      const member = this.#members[this.#next++ % this.#members.length];
      if (member !== undefined) this.call(member, pick(member.server.workload, this.#rng));
    }, 1_000 / callsPerSecond);
  }

  /** Stops starting calls (those in progress go on: see {@link drain}). */
  stop(): void {
    clearInterval(this.#timer);
  }

  /** Makes one call; its outcome is in the client's health and events. */
  call(member: Member, item: WorkloadItem): void {
    const { name } = member.server;
    const busy = this.#perServer.get(name) ?? 0;
    if (busy >= MAX_IN_FLIGHT) return;
    const args = item.args(this.#rng);
    this.#perServer.set(name, busy + 1);
    const key = `${name}\u0000${item.tool}`;
    this.#called.set(key, (this.#called.get(key) ?? 0) + 1);
    const done = member.client.call(item.tool, args).then(
      () => undefined,
      () => undefined, // rejections are the point of the demo: counted by the client
    );
    const tracked = done.finally(() => {
      this.#perServer.set(name, (this.#perServer.get(name) ?? 1) - 1);
      this.#inFlight.delete(tracked);
    });
    this.#inFlight.add(tracked);
  }

  /** How many times the demo called `tool` of `server`. */
  called(server: string, tool: string): number {
    return this.#called.get(`${server}\u0000${tool}`) ?? 0;
  }

  /** Resolves when every call in progress has ended. */
  async drain(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight]);
  }
}

/** One item, chosen by weight. */
export function pick(items: readonly WorkloadItem[], rng: SeededRandom): WorkloadItem {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  let draw = rng.next() * total;
  for (const item of items) {
    draw -= item.weight;
    if (draw < 0) return item;
  }
  const last = items.at(-1);
  if (last === undefined) throw new RangeError('a workload needs at least one item');
  return last;
}
