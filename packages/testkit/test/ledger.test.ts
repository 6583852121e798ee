import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Ledger } from '../src/ledger.js';
import { FileLedgerStore, MemoryLedgerStore } from '../src/ledger-store.js';

describe('Ledger', () => {
  it('counts calls and aborts per tool and in total', () => {
    const ledger = new Ledger(new MemoryLedgerStore(), 1);
    for (const tool of ['a', 'a', 'b']) {
      const { call } = ledger.nextCall(tool, 0);
      ledger.record({ type: 'call', tool, call, gen: 0, fault: 'ok' });
    }
    ledger.record({ type: 'abort', tool: 'a', call: 2 });
    expect([ledger.calls(), ledger.calls('a'), ledger.calls('b'), ledger.calls('c')]).toEqual([3, 2, 1, 0]);
    expect([ledger.aborts(), ledger.aborts('a'), ledger.aborts('b')]).toEqual([1, 1, 0]);
    expect(ledger.events()[0]).toMatchObject({ type: 'call', tool: 'a', call: 1, pid: 1, at: expect.any(Number) as number });
  });

  it('numbers calls overall and since the plan entry was set', () => {
    const ledger = new Ledger(new MemoryLedgerStore());
    const take = (tool: string, gen: number) => {
      const next = ledger.nextCall(tool, gen);
      ledger.record({ type: 'call', tool, call: next.call, gen, fault: 'ok' });
      return next;
    };
    expect(take('a', 0)).toEqual({ call: 1, sinceSet: 1 });
    expect(take('a', 4)).toEqual({ call: 2, sinceSet: 1 });
    expect(take('a', 4)).toEqual({ call: 3, sinceSet: 2 });
    expect(take('b', 4)).toEqual({ call: 1, sinceSet: 1 }); // a '*' entry counts per tool
  });

  it('events() is a copy', () => {
    const ledger = new Ledger(new MemoryLedgerStore());
    ledger.record({ type: 'start' });
    (ledger.events() as unknown[]).length = 0;
    expect(ledger.events()).toHaveLength(1);
  });
});

describe('FileLedgerStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-test-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('shares events between a writer and a reader', () => {
    const path = join(dir, 'ledger.jsonl');
    const writer = new Ledger(new FileLedgerStore(path), 11);
    const reader = new Ledger(new FileLedgerStore(path));
    expect(reader.calls()).toBe(0); // no file yet
    writer.record({ type: 'start' });
    writer.record({ type: 'call', tool: 'x', call: 1, gen: 0, fault: 'crash' });
    expect(reader.calls('x')).toBe(1);
    writer.record({ type: 'call', tool: 'x', call: 2, gen: 0, fault: 'ok' });
    expect(reader.calls('x')).toBe(2);
    expect(reader.events().map((event) => event.type)).toEqual(['start', 'call', 'call']);
  });

  it('waits for the end of a torn line and skips corrupt ones', () => {
    const path = join(dir, 'ledger.jsonl');
    const reader = new Ledger(new FileLedgerStore(path));
    const line = JSON.stringify({ type: 'call', tool: 'x', call: 1, gen: 0, fault: 'ok', pid: 1, at: 0 });
    writeFileSync(path, `not json\n${line.slice(0, 10)}`);
    expect(reader.calls()).toBe(0);
    appendFileSync(path, `${line.slice(10)}\n`);
    expect(reader.calls()).toBe(1);
  });

  it('starts over when the file is truncated', () => {
    const path = join(dir, 'ledger.jsonl');
    const writer = new Ledger(new FileLedgerStore(path));
    writer.record({ type: 'call', tool: 'x', call: 1, gen: 0, fault: 'ok' });
    writer.record({ type: 'call', tool: 'x', call: 2, gen: 0, fault: 'ok' });
    expect(writer.calls()).toBe(2);
    writeFileSync(path, '');
    writer.record({ type: 'abort', tool: 'x', call: 1 });
    expect([writer.calls(), writer.aborts()]).toEqual([0, 1]);
  });
});
