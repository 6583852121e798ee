/**
 * A sum over a sliding window kept in `slots` slots of `width` ms each, indexed by
 * absolute time (so fake timers drive it). An amount added at time t sits in slot
 * floor(t / width) and drops out once the current slot is `slots` or more ahead:
 * more than `(slots - 1) x width` and at most `slots x width` after t.
 * Memory is fixed; the total is kept, so adding and summing are O(1) except when
 * the current slot changes.
 */
export class RollingSum {
  readonly #width: number;
  readonly #values: Float64Array;
  readonly #stamps: Float64Array;
  #current = -Infinity;
  /** The slot of `#current`. */
  #slot = 0;
  #total = 0;

  constructor(slots: number, width: number) {
    this.#width = width;
    this.#values = new Float64Array(slots);
    this.#stamps = new Float64Array(slots).fill(-Infinity);
  }

  /** Adds `amount` at time `now` (ms). */
  add(now: number, amount: number): void {
    this.#advance(now);
    this.#addCurrent(amount);
  }

  /** Adds `amount` at the time of the latest `add` or `sum` (none yet: ignored), without reading the clock. */
  addLatest(amount: number): void {
    if (this.#current !== -Infinity) this.#addCurrent(amount);
  }

  #addCurrent(amount: number): void {
    const slot = this.#slot;
    if (this.#stamps[slot] !== this.#current) {
      // Same slot, another lap: its old amount has already dropped out of the total.
      this.#stamps[slot] = this.#current;
      this.#values[slot] = 0;
    }
    this.#values[slot] = (this.#values[slot] ?? 0) + amount;
    this.#total += amount;
  }

  /** The sum of every amount still inside the window at time `now`. */
  sum(now: number): number {
    this.#advance(now);
    return this.#total;
  }

  #advance(now: number): number {
    const index = Math.floor(now / this.#width);
    if (index === this.#current) return index;
    this.#current = index;
    // Kept, not computed per add: `index` is past 2^30 for 1 s slots, and a modulo of such a
    // number is a floating-point one (a C call in V8's optimised code).
    this.#slot = ((index % this.#values.length) + this.#values.length) % this.#values.length;
    const oldest = index - this.#values.length;
    let total = 0;
    for (let slot = 0; slot < this.#values.length; slot++) {
      const stamp = this.#stamps[slot] ?? -Infinity;
      if (stamp > oldest && stamp <= index) total += this.#values[slot] ?? 0;
    }
    this.#total = total;
    return index;
  }
}
