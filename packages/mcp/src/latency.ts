/**
 * Recent call latencies in a fixed ring, so memory stays flat whatever the
 * traffic; percentiles are computed only when asked (by `health()`).
 */
export class LatencyWindow {
  readonly #samples: Float64Array;
  #next = 0;
  #filled = 0;

  constructor(size = 512) {
    this.#samples = new Float64Array(size);
  }

  record(ms: number): void {
    this.#samples[this.#next] = ms;
    this.#next = (this.#next + 1) % this.#samples.length;
    if (this.#filled < this.#samples.length) this.#filled++;
  }

  /** p50 and p99 (nearest rank) of the recent calls, in ms; 0 when none. */
  percentiles(): { p50: number; p99: number } {
    if (this.#filled === 0) return { p50: 0, p99: 0 };
    const sorted = this.#samples.slice(0, this.#filled).sort();
    return { p50: nearestRank(sorted, 0.5), p99: nearestRank(sorted, 0.99) };
  }
}

/** The nearest-rank percentile of sorted samples. */
export function nearestRank(sorted: Float64Array, quantile: number): number {
  const rank = Math.max(1, Math.ceil(quantile * sorted.length));
  return Math.round((sorted[rank - 1] ?? 0) * 100) / 100;
}
