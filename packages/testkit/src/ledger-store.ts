/**
 * Where ledger events live: an array in this process, or a JSON-lines file that a stdio
 * child appends to and its parent reads.
 */
import { appendFileSync, closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { LedgerEvent } from './ledger.js';

/**
 * Storage for ledger events. `events()` returns an append-only array: the same array, grown,
 * while the history continues, or a new one when it restarted (a truncated file).
 *
 * @example const store: LedgerStore = new MemoryLedgerStore();
 */
export interface LedgerStore {
  append(event: LedgerEvent): void;
  events(): readonly LedgerEvent[];
}

/**
 * Events kept in memory, for servers running in this process.
 *
 * @example const ledger = new Ledger(new MemoryLedgerStore());
 */
export class MemoryLedgerStore implements LedgerStore {
  readonly #events: LedgerEvent[] = [];

  append(event: LedgerEvent): void {
    this.#events.push(event);
  }

  events(): readonly LedgerEvent[] {
    return this.#events;
  }
}

/**
 * Events as JSON lines in a file. Appends are synchronous (`appendFileSync`, O_APPEND), so a
 * line is on disk before the fault acts — a child that crashes right after still has its call
 * counted. Reads are incremental: only the lines added since the last read are parsed, and a
 * line still being written waits for its end.
 *
 * @example const ledger = new Ledger(new FileLedgerStore('/tmp/x/ledger.jsonl'));
 */
export class FileLedgerStore implements LedgerStore {
  readonly path: string;
  #events: LedgerEvent[] = [];
  #offset = 0;

  constructor(path: string) {
    this.path = path;
  }

  append(event: LedgerEvent): void {
    appendFileSync(this.path, `${JSON.stringify(event)}\n`);
  }

  events(): readonly LedgerEvent[] {
    const chunk = this.#readCompleteLines();
    for (const line of chunk.split('\n')) {
      const event = parseLine(line);
      if (event !== undefined) this.#events.push(event);
    }
    return this.#events;
  }

  /** The complete lines appended since the last read; a torn last line stays for next time. */
  #readCompleteLines(): string {
    let fd: number;
    try {
      fd = openSync(this.path, 'r');
    } catch {
      return ''; // no event written yet
    }
    try {
      const size = fstatSync(fd).size;
      if (size < this.#offset) {
        // The file was truncated or replaced: its history restarts.
        this.#events = [];
        this.#offset = 0;
      }
      if (size === this.#offset) return '';
      const buffer = Buffer.alloc(size - this.#offset);
      const read = readSync(fd, buffer, 0, buffer.length, this.#offset);
      const end = buffer.subarray(0, read).lastIndexOf(0x0a) + 1;
      this.#offset += end;
      return buffer.toString('utf8', 0, end);
    } finally {
      closeSync(fd);
    }
  }
}

function parseLine(line: string): LedgerEvent | undefined {
  if (line.trim() === '') return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && 'type' in value ? (value as LedgerEvent) : undefined;
  } catch {
    return undefined; // a line torn by a crash is skipped, not fatal
  }
}
