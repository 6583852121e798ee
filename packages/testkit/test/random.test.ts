import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mulberry32, mulberry32At, seededRandom } from '../src/random.js';

/** The reference mulberry32 (Tommy Ettinger's, as commonly published), for comparison. */
function reference(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('mulberry32', () => {
  it('matches the reference generator', () => {
    const ours = mulberry32(42);
    const theirs = reference(42);
    for (let i = 0; i < 100; i++) expect(ours()).toBe(theirs());
    expect(mulberry32(42)()).toBe(0.6011037519201636);
  });

  it('mulberry32At(seed, n) is the n-th draw without replaying', () => {
    fc.assert(
      fc.property(fc.integer(), fc.nat(200), (seed, index) => {
        const next = mulberry32(seed);
        for (let i = 0; i < index; i++) next();
        expect(mulberry32At(seed, index)).toBe(next());
      }),
    );
  });

  it('draws in [0, 1)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.nat(), (seed, index) => {
        const value = mulberry32At(seed, index);
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThan(1);
      }),
    );
  });
});

describe('seededRandom', () => {
  it('int stays within bounds and pick within the array', () => {
    const rng = seededRandom(7);
    for (let i = 0; i < 1000; i++) {
      const n = rng.int(3, 5);
      expect(n === 3 || n === 4 || n === 5).toBe(true);
      expect(['a', 'b']).toContain(rng.pick(['a', 'b']));
    }
    expect(() => rng.pick([])).toThrow(RangeError);
  });

  it('is repeatable from its seed', () => {
    const a = seededRandom(99);
    const b = seededRandom(99);
    const draws = (rng: typeof a) => Array.from({ length: 20 }, () => rng.chance(0.3));
    expect(draws(a)).toEqual(draws(b));
  });
});
