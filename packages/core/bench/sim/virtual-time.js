// Simulated time for the simulations: while installed, `Date.now`, `setTimeout` and
// `clearTimeout` read and schedule on a virtual clock, so a minute of traffic runs in
// well under a second and every run gives the same numbers. Between two timer events
// every pending promise callback runs (a real setImmediate drains the microtasks), so
// the policies see exactly what they would see in real time, without the noise.
import { setImmediate as tick } from 'node:timers/promises';

export class VirtualTime {
  now = 0;
  /** @type {{ at: number, seq: number, fn: () => void, cancelled: boolean }[]} */
  #heap = [];
  #seq = 0;
  #saved = /** @type {{ now: () => number, setTimeout: typeof setTimeout, clearTimeout: typeof clearTimeout } | undefined} */ (undefined);

  install() {
    this.#saved = { now: Date.now, setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout };
    Date.now = () => this.now;
    // @ts-expect-error a minimal timer: enough for the policies (unref, clearTimeout)
    globalThis.setTimeout = (fn, ms = 0, ...args) => this.#add(() => fn(...args), Math.max(0, Number(ms) || 0));
    globalThis.clearTimeout = (handle) => {
      if (handle && typeof handle === 'object') handle.cancelled = true;
    };
    return this;
  }

  uninstall() {
    if (this.#saved === undefined) return;
    Date.now = this.#saved.now;
    globalThis.setTimeout = this.#saved.setTimeout;
    globalThis.clearTimeout = this.#saved.clearTimeout;
    this.#saved = undefined;
  }

  /** Runs timers in time order (ties in the order they were set) until none is left before `until`. */
  async run(until = Infinity) {
    await tick();
    while (this.#heap.length > 0 && this.#heap[0].at <= until) {
      const timer = this.#pop();
      if (timer.cancelled) continue;
      this.now = timer.at;
      timer.fn();
      await tick();
    }
    if (until !== Infinity) this.now = Math.max(this.now, until);
  }

  #add(fn, ms) {
    const timer = { at: this.now + ms, seq: this.#seq++, fn, cancelled: false, unref: () => timer, ref: () => timer, hasRef: () => true };
    const heap = this.#heap;
    heap.push(timer);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(timer, heap[parent])) break;
      heap[index] = heap[parent];
      index = parent;
    }
    heap[index] = timer;
    return timer;
  }

  #pop() {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0) {
      let index = 0;
      for (;;) {
        const left = 2 * index + 1;
        if (left >= heap.length) break;
        const right = left + 1;
        const child = right < heap.length && before(heap[right], heap[left]) ? right : left;
        if (!before(heap[child], last)) break;
        heap[index] = heap[child];
        index = child;
      }
      heap[index] = last;
    }
    return top;
  }
}

function before(a, b) {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

/** A seeded PRNG (mulberry32): the same seed, the same sequence, on every machine. */
export function seeded(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The nearest-rank percentile of unsorted values. */
export function quantile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length))) - 1];
}

/** Resolves after `ms` of virtual time (uses the patched setTimeout). */
export function after(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
