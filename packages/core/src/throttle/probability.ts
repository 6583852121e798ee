/**
 * Google SRE client-side throttling: the probability of rejecting a request locally,
 * `(requests - k x accepts) / (requests + 1)`, within [0, `maxRejectProbability`].
 * `requests` counts every call in the window (admitted or rejected), `accepts` the
 * ones the dependency answered. While it accepts more than 1 in k, nothing is rejected.
 *
 * @example rejectProbability(100, 10, 2, 0.9) // (100 - 20) / 101 = 0.792…
 */
export function rejectProbability(requests: number, accepts: number, k: number, maxRejectProbability: number): number {
  const p = (requests - k * accepts) / (requests + 1);
  return Math.min(maxRejectProbability, Math.max(0, p));
}
