// The newer policies refuse typos and nulls exactly like the older ones (DESIGN §3 "Errors and validation", §9).
import { describe, expect, it } from 'vitest';
import { adaptiveLimit, chaos, hedge, retry, retryBudget, throttle } from '../src/index.js';

function thrown(make: () => unknown): Error {
  try {
    make();
  } catch (error: unknown) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

const makers: [string, (options: Record<string, unknown>) => unknown][] = [
  ['retryBudget', (o) => retryBudget(o)],
  ['hedge', (o) => hedge(o)],
  ['hedge delay', (o) => hedge({ delay: o as never })],
  ['adaptiveLimit', (o) => adaptiveLimit(o)],
  ['throttle', (o) => throttle(o)],
  ['chaos.fault', (o) => chaos.fault({ error: new Error('x'), ...o })],
  ['chaos.latency', (o) => chaos.latency({ ms: 1, ...o })],
  ['chaos.outcome', (o) => chaos.outcome({ value: 1, ...o })],
  ['chaos.behavior', (o) => chaos.behavior({ run: () => undefined, ...o })],
];

describe('the newer policies: typos and nulls, as retry() and circuitBreaker() do', () => {
  it.each(makers)('%s: an unknown key is a TypeError with the same message as retry()', (_name, make) => {
    const error = thrown(() => make({ maxHedge: 2 }));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toMatch(/: unknown option "maxHedge"; known options are \w+/);
    expect(thrown(() => retry({ maxHedge: 2 } as never)).message).toMatch(/: unknown option "maxHedge"; known options are \w+/);
  });

  it.each(makers)('%s: a hostile 1 MB key is named, cut to 100 characters', (_name, make) => {
    const key = 'k'.repeat(1_000_000);
    const error = thrown(() => make({ [key]: 1 }));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toContain(`unknown option "${'k'.repeat(100)}"`);
    expect(error.message.length).toBeLessThan(400);
  });

  it.each([
    ['ratio', () => retryBudget({ ratio: null } as never)],
    ['maxHedges', () => hedge({ maxHedges: null } as never)],
    ['delay', () => hedge({ delay: null } as never)],
    ['delay.percentile', () => hedge({ delay: { percentile: null } as never })],
    ['initial', () => adaptiveLimit({ initial: null } as never)],
    ['k', () => throttle({ k: null } as never)],
    ['rate', () => chaos.fault({ error: new Error('x'), rate: null } as never)],
  ])('%s: null is not "the default", it is a TypeError naming the option', (option, make) => {
    const error = thrown(make);
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toContain(`${option} must be`);
    expect(error.message).toContain('got null');
  });

  it('chaos.outcome may still resolve with null', async () => {
    const policy = chaos.outcome({ value: null, rate: 1 });
    expect(await policy.execute(() => 1)).toBeNull();
  });
});
