/**
 * The call ledger: what every tool handler actually did, recorded as it happens, so a test
 * can prove that a call reached the server (or did not), how often, and that a caller's
 * cancellation arrived.
 */
import type { LedgerStore } from './ledger-store.js';

/**
 * One ledger line. `call` is the tool's 1-based call number; `gen` names the fault-plan entry
 * that applied (0 when none); `fault` is what that entry resolved to for this call.
 *
 * @example const crashed = handle.events().filter((e) => e.type === 'call' && e.fault === 'crash');
 */
export type LedgerEvent =
  /** A stdio child started. */
  | { type: 'start'; pid: number; at: number }
  /** A tool handler started (recorded before its fault acts). */
  | { type: 'call'; tool: string; call: number; gen: number; fault: string; pid: number; at: number }
  /** A running handler saw its request's abort signal fire (cancellation or a closed connection). */
  | { type: 'abort'; tool: string; call: number; pid: number; at: number }
  /** A stdio child exited (when it could still say so). */
  | { type: 'exit'; pid: number; code: number; at: number };

/**
 * Reading the ledger; every server handle offers these.
 *
 * @example expect(handle.calls('send_item')).toBe(1);
 */
export interface LedgerView {
  /** Handler runs of `tool`, or of every tool when omitted. */
  calls(tool?: string): number;
  /** Handler aborts of `tool`, or of every tool when omitted. */
  aborts(tool?: string): number;
  /** Every event so far, oldest first. */
  events(): readonly LedgerEvent[];
}

type EventBody<E> = E extends LedgerEvent ? Omit<E, 'pid' | 'at'> : never;

const key = (gen: number, tool: string): string => `${gen}\u0000${tool}`;

/**
 * Records events into a {@link LedgerStore} and keeps running counts. Counting is incremental
 * over the store's events, so events appended by another process (a previous stdio child)
 * count too — which is what lets `fail-first` resume across a crash and restart.
 *
 * @example const ledger = new Ledger(new MemoryLedgerStore()); ledger.calls(); // 0
 */
export class Ledger implements LedgerView {
  readonly #store: LedgerStore;
  readonly #pid: number;
  #source: readonly LedgerEvent[] = [];
  #seen = 0;
  #calls = new Map<string, number>();
  #aborts = new Map<string, number>();
  #sinceSet = new Map<string, number>();
  #totalCalls = 0;
  #totalAborts = 0;

  constructor(store: LedgerStore, pid: number = process.pid) {
    this.#store = store;
    this.#pid = pid;
  }

  /** Appends an event, stamped with this process's pid and `Date.now()`. */
  record(event: EventBody<LedgerEvent>): void {
    this.#store.append({ ...event, pid: this.#pid, at: Date.now() });
  }

  /**
   * The numbers the next call of `tool` will carry: its overall call number and its number
   * since the plan entry `gen` was set. Synchronous, so no other call can take the same one.
   */
  nextCall(tool: string, gen: number): { call: number; sinceSet: number } {
    this.#sync();
    return { call: (this.#calls.get(tool) ?? 0) + 1, sinceSet: (this.#sinceSet.get(key(gen, tool)) ?? 0) + 1 };
  }

  calls(tool?: string): number {
    this.#sync();
    return tool === undefined ? this.#totalCalls : (this.#calls.get(tool) ?? 0);
  }

  aborts(tool?: string): number {
    this.#sync();
    return tool === undefined ? this.#totalAborts : (this.#aborts.get(tool) ?? 0);
  }

  events(): readonly LedgerEvent[] {
    this.#sync();
    return this.#source.slice();
  }

  /** Brings the counts up to date with the store. */
  #sync(): void {
    const events = this.#store.events();
    if (events !== this.#source || events.length < this.#seen) {
      this.#source = events;
      this.#seen = 0;
      this.#calls = new Map();
      this.#aborts = new Map();
      this.#sinceSet = new Map();
      this.#totalCalls = 0;
      this.#totalAborts = 0;
    }
    for (; this.#seen < events.length; this.#seen++) {
      const event = events[this.#seen];
      if (event?.type === 'call') {
        this.#totalCalls++;
        this.#calls.set(event.tool, (this.#calls.get(event.tool) ?? 0) + 1);
        const since = key(event.gen, event.tool);
        this.#sinceSet.set(since, (this.#sinceSet.get(since) ?? 0) + 1);
      } else if (event?.type === 'abort') {
        this.#totalAborts++;
        this.#aborts.set(event.tool, (this.#aborts.get(event.tool) ?? 0) + 1);
      }
    }
  }
}
