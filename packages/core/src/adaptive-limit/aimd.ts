import type { LimitSample } from './types.js';

/**
 * AIMD: a drop cuts the limit to `floor(0.9 x limit)` (at least `min`); a success
 * while at least half the limit is in use adds 1 (at most `max`). A success at low
 * load says nothing about a higher limit, so it leaves the limit alone.
 *
 * @example aimdLimit(20, { rtt: 5, inFlight: 20, drop: true }, 1, 200) // 18
 */
export function aimdLimit(limit: number, sample: LimitSample, min: number, max: number): number {
  // limit x 9 is an exact integer, so the floor is exact (limit x 0.9 is not always).
  if (sample.drop) return Math.max(min, Math.floor((limit * 9) / 10));
  if (sample.inFlight >= limit / 2) return Math.min(max, limit + 1);
  return limit;
}
