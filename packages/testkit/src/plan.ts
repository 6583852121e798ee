/**
 * The live fault plan: which fault applies to which tool right now. A handle owns a
 * {@link FaultPlanState}; a stdio child reads the same plan from a file on every call.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Fault, FaultPlan } from './faults.js';
import { parseFault, withSeeds } from './fault-validation.js';

/**
 * A fault as set, with the generation that tells one `setFault` from the next (counts such
 * as `fail-first`'s restart with each generation).
 *
 * @example const entry: PlanEntry = { fault: { type: 'hang' }, gen: 3 };
 */
export interface PlanEntry {
  readonly fault: Fault;
  readonly gen: number;
}

/**
 * Where a server looks up the fault for a call: the tool's own entry, else `'*'`.
 *
 * @example const fault = source.lookup('read_item')?.fault ?? { type: 'ok' };
 */
export interface PlanSource {
  lookup(tool: string): PlanEntry | undefined;
}

/**
 * The plan as JSON, as written to a stdio child's plan file.
 *
 * @example writePlanFile(path, state.snapshot());
 */
export interface PlanSnapshot {
  readonly entries: Readonly<Record<string, PlanEntry>>;
}

function lookupIn(entries: Readonly<Record<string, PlanEntry>>, tool: string): PlanEntry | undefined {
  return Object.hasOwn(entries, tool) ? entries[tool] : Object.hasOwn(entries, '*') ? entries['*'] : undefined;
}

/**
 * The plan held by a server handle: validated on every change, and reported to `onChange`
 * (the stdio handle rewrites the plan file there).
 *
 * @example const plan = new FaultPlanState({ '*': { type: 'slow', ms: 20 } }); plan.set('send_item', { type: 'crash' });
 */
export class FaultPlanState implements PlanSource {
  #entries: Record<string, PlanEntry> = {};
  #gen = 0;
  readonly #onChange: ((snapshot: PlanSnapshot) => void) | undefined;

  constructor(initial: FaultPlan = {}, onChange?: (snapshot: PlanSnapshot) => void) {
    this.#onChange = onChange;
    for (const [tool, fault] of Object.entries(initial)) this.#put(tool, fault);
    this.#changed();
  }

  /** Sets (or replaces) the fault of `tool` (`'*'` for every tool); its counts start again. */
  set(tool: string, fault: Fault): void {
    this.#put(tool, fault);
    this.#changed();
  }

  /** Removes the fault of one tool, or every fault when `tool` is omitted. */
  clear(tool?: string): void {
    if (tool === undefined) this.#entries = {};
    else this.#entries = Object.fromEntries(Object.entries(this.#entries).filter(([name]) => name !== tool));
    this.#changed();
  }

  lookup(tool: string): PlanEntry | undefined {
    return lookupIn(this.#entries, tool);
  }

  snapshot(): PlanSnapshot {
    return { entries: { ...this.#entries } };
  }

  #put(tool: string, fault: Fault): void {
    if (typeof tool !== 'string' || tool === '') throw new TypeError("tool must be a non-empty string (or '*' for every tool)");
    this.#entries = { ...this.#entries, [tool]: { fault: withSeeds(parseFault(fault, `fault for '${tool}'`)), gen: ++this.#gen } };
  }

  #changed(): void {
    this.#onChange?.(this.snapshot());
  }
}

/**
 * Writes a plan file atomically (write, then rename), so a reader never sees half a plan.
 *
 * @example writePlanFile('/tmp/x/plan.json', new FaultPlanState().snapshot());
 */
export function writePlanFile(path: string, snapshot: PlanSnapshot): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(snapshot));
  renameSync(temporary, path);
}

/**
 * Reads and checks a plan file; a missing file is an empty plan.
 *
 * @example const snapshot = readPlanFile('/tmp/x/plan.json');
 */
export function readPlanFile(path: string): PlanSnapshot {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return { entries: {} };
  }
  const value: unknown = JSON.parse(text);
  const raw = (value as { entries?: unknown } | null)?.entries;
  if (typeof raw !== 'object' || raw === null) throw new TypeError(`${path}: a plan file needs an "entries" object`);
  const entries: Record<string, PlanEntry> = {};
  for (const [tool, entry] of Object.entries(raw as Record<string, { fault?: unknown; gen?: unknown }>)) {
    const gen = entry.gen;
    if (typeof gen !== 'number') throw new TypeError(`${path}: entries.${tool}.gen must be a number`);
    entries[tool] = { fault: parseFault(entry.fault, `${path}: entries.${tool}.fault`), gen };
  }
  return { entries };
}

/**
 * A plan read from its file on every lookup, so a parent's `setFault` reaches a running child.
 *
 * @example const source = new PlanFile('/tmp/x/plan.json'); source.lookup('read_item');
 */
export class PlanFile implements PlanSource {
  readonly path: string;

  constructor(path: string) {
    this.path = path;
  }

  lookup(tool: string): PlanEntry | undefined {
    return lookupIn(readPlanFile(this.path).entries, tool);
  }
}
