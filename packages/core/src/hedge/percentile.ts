/**
 * The nearest-rank percentile of `sorted` (ascending): the smallest value with at
 * least `p` of the values at or below it. `undefined` for no values.
 *
 * @example percentile([10, 20, 30, 40], 0.5) // 20
 */
export function percentile(sorted: ArrayLike<number>, p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[rank - 1];
}

/**
 * Latencies of the last `window` ms, for an adaptive delay. Recording is O(1) and
 * allocation-free; the percentile is computed at `refresh` (lazily, on a call), not
 * per call. At most `capacity` samples are kept (the oldest go first).
 */
export class LatencyWindow {
  readonly #times: Float64Array;
  readonly #values: Float64Array;
  #start = 0;
  #size = 0;

  constructor(
    readonly window: number,
    capacity = 8_192,
  ) {
    this.#times = new Float64Array(capacity);
    this.#values = new Float64Array(capacity);
  }

  /** Records one latency, observed at `now`. */
  record(now: number, latency: number): void {
    const capacity = this.#times.length;
    const slot = (this.#start + this.#size) % capacity;
    this.#times[slot] = now;
    this.#values[slot] = latency;
    if (this.#size < capacity) this.#size++;
    else this.#start = (this.#start + 1) % capacity;
  }

  /** Drops samples older than `window` and returns the `p` percentile of the rest. */
  percentile(now: number, p: number): number | undefined {
    const capacity = this.#times.length;
    while (this.#size > 0 && (this.#times[this.#start] ?? 0) <= now - this.window) {
      this.#start = (this.#start + 1) % capacity;
      this.#size--;
    }
    const values = new Float64Array(this.#size);
    for (let i = 0; i < this.#size; i++) values[i] = this.#values[(this.#start + i) % capacity] ?? 0;
    return percentile(values.sort(), p);
  }
}
