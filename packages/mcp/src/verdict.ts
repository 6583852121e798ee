/**
 * What a failure means, in one place: the DESIGN §4 error table as code. Classification
 * decides what happened (the kind and its facts); this decides, from that, the tool's
 * safety and whether the request may have reached the server, whether the breaker
 * counts it and whether a retry may send it again. `McpCallError` asks it once, when it
 * is made, and keeps the answer as fields: the retry policy and the breaker only read them.
 */
import type { ErrorKind } from './errors.js';
import type { ToolSafety } from './types.js';

/** What happened, as classification found it: a failure's kind and the facts that change its verdict. */
export interface Happened {
  readonly kind: ErrorKind;
  /** A classifier's `counted` for a `tool` or `protocol` failure. [true] */
  readonly counted?: boolean | undefined;
  /** Ms the server asked to wait (`rate-limit`). [1000 for a rate limit] */
  readonly retryAfter?: number | undefined;
  /**
   * `false`: sending the same request again would fail the same way, or could do harm — a stdio
   * server that exited before answering `initialize`, an answer over the read limit, a task the
   * server no longer knows. Never retried within the call, whatever the tool. [true]
   */
  readonly repeatable?: boolean | undefined;
  /** The call runs as a task the server created: a retry only polls it, a read whatever the tool. [false] */
  readonly task?: boolean | undefined;
}

/** What a failure means: the breaker's and the retry policy's answer. */
export interface Verdict {
  readonly kind: ErrorKind;
  /** A breaker failure (caller errors and rate limits never are). */
  readonly counted: boolean;
  /** Whether a retry may send the request again. */
  readonly retryable: boolean;
  /** Ms to wait at least before that retry (a rate limit's). */
  readonly retryAfter?: number | undefined;
}

/** Ms a rate limit waits when the server did not say. */
const DEFAULT_RETRY_AFTER = 1_000;

/**
 * The verdict on one failure (DESIGN §4): counted unless the caller erred or the server asked
 * to slow down (or a classifier said `counted: false`); retried never for a caller error or
 * a request that would fail the same way, always when nothing reached the server, and
 * otherwise only for a read or idempotent tool — an unsafe tool is never re-sent once its
 * request may have reached the server.
 *
 * @example verdict({ kind: 'transport' }, 'unsafe', true); // { kind: 'transport', counted: true, retryable: false }
 */
export function verdict(happened: Happened, safety: ToolSafety, sent: boolean): Verdict {
  const { kind } = happened;
  const counted = kind !== 'caller' && kind !== 'rate-limit' && happened.counted !== false;
  const retryAfter = kind === 'rate-limit' ? (happened.retryAfter ?? DEFAULT_RETRY_AFTER) : happened.retryAfter;
  const judged: Verdict = { kind, counted, retryable: retryable(happened, happened.task === true ? 'read' : safety, sent) };
  return retryAfter === undefined ? judged : { ...judged, retryAfter };
}

function retryable(happened: Happened, safety: ToolSafety, sent: boolean): boolean {
  if (happened.kind === 'caller' || happened.repeatable === false) return false;
  return !sent || safety !== 'unsafe';
}

/**
 * The table's "retried" column for a failure, were its tool of `safety`: never a caller
 * error; anything when nothing was sent; else only a read or idempotent tool. The failure's
 * own `retryable` is the answer for the call it came from.
 *
 * @example isRetryable(error, 'unsafe'); // true only if nothing reached the server (error.sent === false)
 */
export function isRetryable(failure: Pick<Happened, 'kind'> & { readonly sent: boolean }, safety: ToolSafety): boolean {
  return verdict({ kind: failure.kind }, safety, failure.sent).retryable;
}
