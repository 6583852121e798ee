/**
 * Bounded pagination (DESIGN §9): a list call follows `nextCursor` at most
 * `maxPages` times, within the call's deadline and signal — a server that always
 * returns a cursor can neither hang a call nor fill memory.
 */
import { abortReason } from '@res/core';

/** Pages followed at most by default. */
export const DEFAULT_MAX_PAGES = 100;

/** Bounds of one listing. */
export interface ListBounds {
  /** Pages followed at most (default {@link DEFAULT_MAX_PAGES}). */
  maxPages?: number | undefined;
  /** When the listing must be done (epoch ms): each page's timeout is the time left. */
  deadline: number;
  signal?: AbortSignal | undefined;
}

/** One page: its items and the cursor of the next. */
export interface Page<T> {
  items: readonly T[];
  nextCursor?: string | undefined;
}

/** Sends one page request with the time left (ms) and the signal. */
export type PageFetcher<T> = (cursor: string | undefined, options: { timeout: number; signal?: AbortSignal }) => Promise<Page<T>>;

/**
 * A listing that did not end within its bounds: too many pages, or a cursor that repeats.
 *
 * @example catch (e) { if (e instanceof PaginationLimitError) console.log(e.pages); }
 */
export class PaginationLimitError extends Error {
  constructor(
    readonly method: string,
    readonly pages: number,
    reason: string,
  ) {
    super(`${method}: ${reason}; stopped after ${pages} pages (the server keeps returning a nextCursor)`);
    this.name = 'PaginationLimitError';
  }
}

/**
 * A listing that ran out of its call's deadline (between pages).
 *
 * @example catch (e) { if (e instanceof ListDeadlineError) retryLater(); }
 */
export class ListDeadlineError extends Error {
  constructor(readonly method: string) {
    super(`${method}: the call's deadline passed while following nextCursor`);
    this.name = 'ListDeadlineError';
  }
}

/**
 * Every item of a paginated list, following `nextCursor` within the bounds.
 * Rejects with {@link PaginationLimitError} (more than `maxPages` pages, or a
 * cursor seen before), {@link ListDeadlineError}, the signal's reason, or what a
 * page request threw.
 *
 * @example const tools = await listAll('tools/list', (cursor, o) => client.listTools(cursor === undefined ? {} : { cursor }, o).then((p) => ({ items: p.tools, nextCursor: p.nextCursor })), { deadline: Date.now() + 5_000 });
 */
export async function listAll<T>(method: string, fetchPage: PageFetcher<T>, bounds: ListBounds): Promise<T[]> {
  const maxPages = bounds.maxPages ?? DEFAULT_MAX_PAGES;
  const items: T[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let pages = 0; ; pages++) {
    if (pages >= maxPages) throw new PaginationLimitError(method, pages, `more than ${maxPages} pages`);
    if (bounds.signal?.aborted === true) throw abortReason(bounds.signal);
    const timeout = Math.floor(bounds.deadline - Date.now());
    if (timeout <= 0) throw new ListDeadlineError(method);
    const page = await fetchPage(cursor, bounds.signal === undefined ? { timeout } : { timeout, signal: bounds.signal });
    for (const item of page.items) items.push(item);
    cursor = page.nextCursor;
    if (cursor === undefined) return items;
    if (seen.has(cursor)) throw new PaginationLimitError(method, pages + 1, `cursor ${JSON.stringify(cursor.slice(0, 40))} repeated`);
    seen.add(cursor);
  }
}
