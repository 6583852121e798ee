import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aimdLimit, Gradient2, type LimitSample } from '../src/index.js';

const bounds = fc
  .tuple(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 0, max: 200 }))
  .chain(([min, span]) => fc.record({ min: fc.constant(min), max: fc.constant(min + span), initial: fc.integer({ min, max: min + span }) }));
const sample: fc.Arbitrary<LimitSample> = fc.record({
  rtt: fc.double({ min: 0, max: 10_000, noNaN: true }),
  inFlight: fc.integer({ min: 1, max: 400 }),
  drop: fc.boolean(),
});

describe('adaptive limits (property)', () => {
  it('AIMD keeps an integer limit within [min, max]; a drop never raises it, a success never lowers it', () => {
    fc.assert(
      fc.property(bounds, fc.array(sample, { maxLength: 200 }), ({ min, max, initial }, samples) => {
        let limit = initial;
        for (const s of samples) {
          const next = aimdLimit(limit, s, min, max);
          expect(Number.isInteger(next)).toBe(true);
          expect(next).toBeGreaterThanOrEqual(min);
          expect(next).toBeLessThanOrEqual(max);
          if (s.drop) expect(next).toBeLessThanOrEqual(limit);
          else expect(next).toBeGreaterThanOrEqual(limit);
          limit = next;
        }
      }),
    );
  });

  it('Gradient2 keeps its estimate within [min, max] and moves by at most half down or +0.8 up per sample', () => {
    fc.assert(
      fc.property(bounds, fc.array(sample, { maxLength: 200 }), ({ min, max, initial }, samples) => {
        const g = new Gradient2(initial, min, max);
        for (const s of samples) {
          const before = g.limit;
          const after = g.update(s);
          expect(after).toBeGreaterThanOrEqual(min);
          expect(after).toBeLessThanOrEqual(max);
          expect(after).toBeLessThanOrEqual(Math.min(max, before + 0.8 + 1e-9));
          expect(after).toBeGreaterThanOrEqual(Math.max(min, before * 0.9 - 1e-9));
        }
      }),
    );
  });
});
