/**
 * A tiny seeded pseudo-random generator (mulberry32): fast, 32-bit state, good enough
 * for chaos tests and demos, and — unlike `Math.random()` — repeatable from a seed.
 */

/** mulberry32 adds this constant to its state on every draw. */
const GOLDEN_GAMMA = 0x6d2b79f5;

/** The output of mulberry32 for one 32-bit state. */
function mix(state: number): number {
  let t = Math.imul(state ^ (state >>> 15), state | 1);
  t = (t + Math.imul(t ^ (t >>> 7), t | 61)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
}

/**
 * A mulberry32 generator: each call returns the next number in `[0, 1)`.
 *
 * @example const next = mulberry32(42); next(); // 0.6011037519201636 (always, for seed 42)
 */
export function mulberry32(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + GOLDEN_GAMMA) | 0;
    return mix(state);
  };
}

/**
 * The `index`-th (0-based) number that `mulberry32(seed)` would return, computed directly:
 * mulberry32's state is a counter, so draw n needs no replay of draws 0..n-1. This is how a
 * `random` fault stays deterministic across processes (a restarted stdio child resumes the
 * sequence from the ledger's call count).
 *
 * @example mulberry32At(42, 0) === mulberry32(42)(); // true
 */
export function mulberry32At(seed: number, index: number): number {
  return mix(((seed | 0) + Math.imul(index + 1, GOLDEN_GAMMA)) | 0);
}

/**
 * Helpers over one seeded sequence; see {@link seededRandom}.
 *
 * @example const rng: SeededRandom = seededRandom(1); rng.int(1, 6);
 */
export interface SeededRandom {
  /** The next number in `[0, 1)`. */
  next(): number;
  /** An integer in `[min, max]` (both inclusive). */
  int(min: number, max: number): number;
  /** `true` with probability `p`. */
  chance(p: number): boolean;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
}

/**
 * A seeded generator with the helpers a chaos workload needs.
 *
 * @example const rng = seededRandom(7); if (rng.chance(0.2)) handle.setFault('*', { type: 'crash' });
 */
export function seededRandom(seed: number): SeededRandom {
  const next = mulberry32(seed);
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new RangeError('pick() needs a non-empty array');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
  };
}

/**
 * A fresh 32-bit seed from `Math.random()`, for faults set without one.
 *
 * @example const seed = randomSeed(); // e.g. 2876554113
 */
export function randomSeed(): number {
  return Math.floor(Math.random() * 4_294_967_296) >>> 0;
}
