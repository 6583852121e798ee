// Runs cases in several rounds and keeps, per case, the mean time per call of each round.
// A tinybench sample times `batch` calls awaited one after the other (timing a single
// sub-microsecond call would mostly time the harness). Cases run in a different order
// each round, after a full GC when --expose-gc is on.
import { performance } from 'node:perf_hooks';
import { Bench } from 'tinybench';

const collect = typeof globalThis.gc === 'function' ? globalThis.gc : undefined;

/**
 * @param {Record<string, () => Promise<unknown>>} cases one call of each case
 * @param {{ rounds: number, time: number, batch: number, rejects?: boolean }} options
 * @returns {Promise<Map<string, number[]>>} ns per call, one entry per round
 */
export async function measure(cases, { rounds, time, batch, rejects = false }) {
  const names = Object.keys(cases);
  const results = new Map(names.map((name) => [name, /** @type {number[]} */ ([])]));
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({ time, warmupTime: Math.max(100, time / 4), throws: true, setup: () => collect?.() });
    const shift = round % names.length;
    for (const name of [...names.slice(shift), ...names.slice(0, shift)]) {
      const call = cases[name];
      bench.add(name, async () => {
        for (let i = 0; i < batch; i++) {
          if (!rejects) {
            await call();
            continue;
          }
          try {
            await call();
          } catch {
            continue;
          }
          throw new Error(`${name}: expected a rejection`);
        }
      });
    }
    await bench.run();
    for (const task of bench.tasks) {
      if (task.result.state !== 'completed') throw new Error(`${task.name}: ${task.result.state}`);
      results.get(task.name)?.push((task.result.latency.mean * 1e6) / batch);
    }
  }
  return results;
}

/** @param {number[]} values */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** @param {number[]} values @param {number} p in [0, 1] */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

export const gcExposed = collect !== undefined;

/**
 * A/B timing robust to a busy machine: the cases take turns in short batches (a few
 * hundred µs each), so a slow stretch hits both, and the ratio is taken per turn.
 * @param {Record<string, () => Promise<unknown>>} cases
 * @param {{ turns: number, batch: number }} options
 * @returns {Promise<Map<string, number[]>>} ns per call, one entry per turn
 */
export async function paired(cases, { turns, batch }) {
  const names = Object.keys(cases);
  const results = new Map(names.map((name) => [name, /** @type {number[]} */ ([])]));
  for (let turn = -10; turn < turns; turn++) {
    const shift = (turn + 10) % names.length;
    for (const name of [...names.slice(shift), ...names.slice(0, shift)]) {
      const call = cases[name];
      const start = performance.now();
      for (let i = 0; i < batch; i++) await call();
      if (turn >= 0) results.get(name)?.push(((performance.now() - start) * 1e6) / batch);
    }
  }
  return results;
}
