import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FaultPlanState, PlanFile, type PlanSnapshot, readPlanFile, writePlanFile } from '../src/plan.js';

describe('FaultPlanState', () => {
  it('looks up the tool, else the * entry', () => {
    const plan = new FaultPlanState({ '*': { type: 'hang' }, a: { type: 'fail' } });
    expect(plan.lookup('a')?.fault).toEqual({ type: 'fail' });
    expect(plan.lookup('b')?.fault).toEqual({ type: 'hang' });
    plan.clear('*');
    expect(plan.lookup('b')).toBeUndefined();
    plan.clear();
    expect(plan.lookup('a')).toBeUndefined();
  });

  it('gives each set a new generation', () => {
    const plan = new FaultPlanState();
    plan.set('a', { type: 'fail' });
    const first = plan.lookup('a')?.gen;
    plan.set('a', { type: 'fail' });
    expect(plan.lookup('a')?.gen).toBeGreaterThan(first ?? Infinity);
  });

  it('validates, seeds random faults and reports every change', () => {
    const seen: PlanSnapshot[] = [];
    const plan = new FaultPlanState({}, (snapshot) => seen.push(snapshot));
    expect(() => {
      plan.set('a', { type: 'slow', ms: -5 });
    }).toThrow(RangeError);
    plan.set('a', { type: 'random', probability: 0.2, fault: { type: 'fail' } });
    expect(plan.lookup('a')?.fault).toMatchObject({ seed: expect.any(Number) as number });
    expect(seen).toHaveLength(2); // the initial plan, then the set
  });
});

describe('plan files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plan-test-'));
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('round-trip, and a PlanFile sees every rewrite', () => {
    const path = join(dir, 'plan.json');
    const source = new PlanFile(path);
    expect(source.lookup('a')).toBeUndefined(); // missing file: empty plan
    const plan = new FaultPlanState({ a: { type: 'crash', exitCode: 2 } }, (snapshot) => {
      writePlanFile(path, snapshot);
    });
    expect(readPlanFile(path)).toEqual(plan.snapshot());
    expect(source.lookup('a')?.fault).toEqual({ type: 'crash', exitCode: 2 });
    plan.set('*', { type: 'hang' });
    expect(source.lookup('zzz')?.fault).toEqual({ type: 'hang' });
  });
});
