import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Fault, faultLabel, resolveFault } from '../src/faults.js';
import { parseFault, parseFaultPlan, withSeeds } from '../src/fault-validation.js';
import { parseFaultSyntax } from '../src/fault-syntax.js';
import { mulberry32At } from '../src/random.js';

describe('resolveFault', () => {
  it('fail-first applies its fault to the first count calls, then ok', () => {
    const fault: Fault = { type: 'fail-first', count: 2, fault: { type: 'crash' } };
    expect([1, 2, 3, 4].map((call) => resolveFault(fault, call).type)).toEqual(['crash', 'crash', 'ok', 'ok']);
  });

  it('random follows the seeded sequence by call number', () => {
    const fault: Fault = { type: 'random', probability: 0.5, seed: 1234, fault: { type: 'hang' } };
    const expected = Array.from({ length: 50 }, (_, i) => (mulberry32At(1234, i) < 0.5 ? 'hang' : 'ok'));
    expect(Array.from({ length: 50 }, (_, i) => resolveFault(fault, i + 1).type)).toEqual(expected);
    expect(expected).toContain('hang');
    expect(expected).toContain('ok');
  });

  it('random honours probability 0 and 1', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 1000 }), (seed, call) => {
        expect(resolveFault({ type: 'random', probability: 0, seed, fault: { type: 'fail' } }, call).type).toBe('ok');
        expect(resolveFault({ type: 'random', probability: 1, seed, fault: { type: 'fail' } }, call).type).toBe('fail');
      }),
    );
  });

  it('resolves a slow fault’s follow-up and nested decisions', () => {
    const fault: Fault = { type: 'slow', ms: 10, then: { type: 'fail-first', count: 1, fault: { type: 'fail', message: 'x' } } };
    expect(resolveFault(fault, 1)).toEqual({ type: 'slow', ms: 10, then: { type: 'fail', message: 'x' } });
    expect(resolveFault(fault, 2)).toEqual({ type: 'slow', ms: 10, then: { type: 'ok' } });
    expect(faultLabel(resolveFault(fault, 1))).toBe('slow>fail');
    expect(faultLabel(resolveFault(fault, 2))).toBe('slow');
  });
});

describe('parseFault', () => {
  it('returns a clean copy of a valid fault', () => {
    expect(parseFault({ type: 'rpc-error', code: -32603, extra: 1 })).toEqual({ type: 'rpc-error', code: -32603 });
    expect(parseFault({ type: 'in-band', body: null })).toEqual({ type: 'in-band', body: null });
  });

  it('names the field and the value of a bad fault', () => {
    expect(() => parseFault({ type: 'boom' })).toThrow(new TypeError(
      "fault.type must be one of ok, fail, rpc-error, slow, hang, in-band, is-error, crash, fail-first, random; got 'boom'",
    ));
    expect(() => parseFault({ type: 'random', probability: 1.5, fault: { type: 'ok' } })).toThrow(RangeError);
    expect(() => parseFault({ type: 'random', probability: 1.5, fault: { type: 'ok' } })).toThrow(/fault\.probability .*1\.5/);
    expect(() => parseFault({ type: 'slow', ms: -1 })).toThrow(RangeError);
    expect(() => parseFault({ type: 'fail-first', count: 1.5, fault: { type: 'ok' } })).toThrow(RangeError);
    expect(() => parseFault({ type: 'fail-first', count: 1, fault: { type: 'x' } })).toThrow(/fault\.fault\.type/);
    expect(() => parseFault({ type: 'rpc-error' })).toThrow(/fault\.code must be a number, got undefined/);
    expect(() => parseFault({ type: 'crash', exitCode: 300 })).toThrow(RangeError);
    expect(() => parseFault({ type: 'in-band' })).toThrow(/body is required/);
    expect(() => parseFault('fail')).toThrow(/fault must be an object/);
  });

  it('checks whole plans', () => {
    expect(parseFaultPlan({ '*': { type: 'hang' } })).toEqual({ '*': { type: 'hang' } });
    expect(() => parseFaultPlan({ a: { type: 'slow' } })).toThrow(/faults\.a\.ms/);
  });

  it('withSeeds gives every unseeded random fault a seed, and keeps given ones', () => {
    const seeded = withSeeds({ type: 'fail-first', count: 1, fault: { type: 'random', probability: 0.5, fault: { type: 'fail' } } });
    expect(seeded).toMatchObject({ fault: { type: 'random', seed: expect.any(Number) as number } });
    expect(withSeeds({ type: 'random', probability: 0.5, seed: 3, fault: { type: 'fail' } })).toMatchObject({ seed: 3 });
  });
});

describe('parseFaultSyntax', () => {
  it.each<[string, Fault]>([
    ['ok', { type: 'ok' }],
    ['hang', { type: 'hang' }],
    ['fail', { type: 'fail' }],
    ['fail:db: locked', { type: 'fail', message: 'db: locked' }],
    ['is-error:Global rate limit exceeded', { type: 'is-error', text: 'Global rate limit exceeded' }],
    ['rpc-error:-32603', { type: 'rpc-error', code: -32603 }],
    ['rpc-error:-32602:bad id', { type: 'rpc-error', code: -32602, message: 'bad id' }],
    ['slow:500', { type: 'slow', ms: 500 }],
    ['slow:500:crash', { type: 'slow', ms: 500, then: { type: 'crash' } }],
    ['crash', { type: 'crash' }],
    ['crash:3', { type: 'crash', exitCode: 3 }],
    ['in-band:{"success":false,"error":"x"}', { type: 'in-band', body: { success: false, error: 'x' } }],
    ['fail-first:3', { type: 'fail-first', count: 3, fault: { type: 'fail' } }],
    ['fail-first:2:rpc-error:-32603', { type: 'fail-first', count: 2, fault: { type: 'rpc-error', code: -32603 } }],
    ['random:0.3', { type: 'random', probability: 0.3, fault: { type: 'fail' } }],
    ['random:0.3:42', { type: 'random', probability: 0.3, seed: 42, fault: { type: 'fail' } }],
    ['random:0.3:42:slow:10', { type: 'random', probability: 0.3, seed: 42, fault: { type: 'slow', ms: 10 } }],
    ['random:0.3:hang', { type: 'random', probability: 0.3, fault: { type: 'hang' } }],
    ['{"type":"slow","ms":5}', { type: 'slow', ms: 5 }],
  ])('%s', (text, fault) => {
    expect(parseFaultSyntax(text)).toEqual(fault);
  });

  it('rejects nonsense with the text in the message', () => {
    expect(() => parseFaultSyntax('slow:soon')).toThrow("fault 'slow:soon': ms must be a number, got 'soon'");
    expect(() => parseFaultSyntax('explode')).toThrow(/unknown kind 'explode'/);
    expect(() => parseFaultSyntax('random:2')).toThrow(RangeError);
  });
});
