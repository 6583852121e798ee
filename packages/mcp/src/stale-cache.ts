import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

interface Entry {
  result: CallToolResult;
  at: number;
}

/**
 * The last good result of a read tool per arguments, least recently used first
 * out. Served, marked stale, when a call fails or the breaker is open.
 */
export class StaleCache {
  readonly #entries = new Map<string, Entry>();

  constructor(
    readonly maxEntries: number,
    readonly maxAge: number,
  ) {}

  set(key: string, result: CallToolResult): void {
    this.#entries.delete(key);
    this.#entries.set(key, { result, at: Date.now() });
    if (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
  }

  /** The cached result marked stale: `_meta['res/stale'] = true` and `_meta['res/cachedAt']` (epoch ms). */
  get(key: string): { result: CallToolResult; cachedAt: number } | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (Date.now() - entry.at > this.maxAge) {
      this.#entries.delete(key);
      return undefined;
    }
    const result: CallToolResult = {
      ...entry.result,
      _meta: { ...entry.result._meta, 'res/stale': true, 'res/cachedAt': entry.at },
    };
    return { result, cachedAt: entry.at };
  }
}

/** A stable key for arguments: the same object, whatever its key order, gives the same key. */
export function argumentsKey(args: Record<string, unknown> | undefined): string {
  return JSON.stringify(args ?? {}, (_key, value: unknown) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}
