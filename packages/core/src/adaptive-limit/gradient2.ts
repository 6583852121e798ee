import type { LimitSample } from './types.js';

/** Gradient2's constants (Netflix concurrency-limits' defaults). */
const QUEUE_SIZE = 4;
const SMOOTHING = 0.2;
const LONG_WINDOW = 600;
const WARMUP = 10;

/**
 * Netflix's Gradient2: compares the long-term RTT (an exponential average over ~600
 * samples, a plain average for the first 10) with the latest RTT. When the latest is
 * slower, requests are queueing: the gradient `long / short`, clamped to [0.5, 1],
 * shrinks the limit. New limit `limit x gradient + 4`, smoothed by 0.2, within
 * [min, max]; the +4 keeps probing upwards. A sample at less than half the limit in
 * flight does not move it (the caller, not the dependency, is the bottleneck).
 *
 * @example const g = new Gradient2(20, 1, 200); g.update({ rtt: 10, inFlight: 20, drop: false }); g.limit // 20.8
 */
export class Gradient2 {
  /** The estimated limit, unrounded. */
  limit: number;
  #longRtt = 0;
  #samples = 0;

  constructor(
    initial: number,
    readonly min: number,
    readonly max: number,
  ) {
    this.limit = initial;
  }

  /** The long-term RTT now (0 before any sample). */
  get longRtt(): number {
    return this.#longRtt;
  }

  /** Takes one sample; returns the new (unrounded) limit. */
  update(sample: LimitSample): number {
    const shortRtt = Math.max(sample.rtt, 1e-3); // a 0 ms RTT under fake timers must not divide by 0
    this.#samples++;
    if (this.#samples <= WARMUP) this.#longRtt += (shortRtt - this.#longRtt) / this.#samples;
    else this.#longRtt += ((shortRtt - this.#longRtt) * 2) / (LONG_WINDOW + 1);
    // After a long spell of overload the average lags far behind: pull it down faster.
    if (this.#longRtt / shortRtt > 2) this.#longRtt *= 0.95;
    if (sample.inFlight < this.limit / 2) return this.limit;
    const gradient = Math.max(0.5, Math.min(1, this.#longRtt / shortRtt));
    const target = this.limit * gradient + QUEUE_SIZE;
    const smoothed = this.limit * (1 - SMOOTHING) + target * SMOOTHING;
    this.limit = Math.max(this.min, Math.min(this.max, smoothed));
    return this.limit;
  }
}
