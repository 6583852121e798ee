// Runs a set of cases in several rounds and keeps, per case, the median time per call.
//
// Each tinybench sample times `batch` calls awaited one after the other, not one:
// timing a single ~30 ns call adds the harness's own cost (two clock reads and an
// awaited wrapper, ~90 ns) to every sample and squeezes every ratio towards 1.
// The mean (not the median sample) is kept, so the garbage collection a case causes
// is charged to it. Cases run in a different order each round, after a full GC.
import { Bench } from 'tinybench';

const collect = typeof globalThis.gc === 'function' ? globalThis.gc : undefined;

/**
 * @param {Record<string, () => Promise<unknown>>} cases one call of each case
 * @param {{ rounds: number, time: number, batch: number, expectThrow?: boolean }} options
 * @returns {Promise<Map<string, number[]>>} ns per call, one entry per round
 */
export async function measure(cases, { rounds, time, batch, expectThrow = false }) {
  const names = Object.keys(cases);
  /** @type {Map<string, number[]>} */
  const results = new Map(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({
      time,
      warmupTime: Math.max(100, time / 4),
      throws: true,
      setup: () => collect?.(),
    });
    for (const name of rotate(names, round)) {
      bench.add(name, expectThrow ? rejectingLoop(cases[name], batch) : loop(cases[name], batch));
    }
    await bench.run();
    for (const task of bench.tasks) {
      if (task.result.state !== 'completed') throw new Error(`${task.name}: ${task.result.state}`);
      results.get(task.name)?.push((task.result.latency.mean * 1e6) / batch);
    }
  }
  return results;
}

/** @param {() => Promise<unknown>} call @param {number} batch */
function loop(call, batch) {
  return async () => {
    for (let i = 0; i < batch; i++) await call();
  };
}

/** @param {() => Promise<unknown>} call @param {number} batch */
function rejectingLoop(call, batch) {
  return async () => {
    for (let i = 0; i < batch; i++) {
      try {
        await call();
      } catch {
        continue;
      }
      throw new Error('expected a rejection');
    }
  };
}

/** @template T @param {T[]} items @param {number} by */
function rotate(items, by) {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/** @param {number[]} values */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export const gcExposed = collect !== undefined;
