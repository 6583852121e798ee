/**
 * Faults: what a tool does instead of (or before) answering normally. A fault is plain
 * JSON data, so the same plan drives an in-process server and a stdio child alike.
 */
import { mulberry32At } from './random.js';

/**
 * One injected behaviour. Set per tool (or `'*'` for every tool) and changeable at run time.
 *
 * @example const fault: Fault = { type: 'fail-first', count: 2, fault: { type: 'crash' } };
 */
export type Fault =
  /** A normal answer. */
  | { type: 'ok' }
  /** The handler throws; the server turns it into an `isError: true` result, as McpServer and FastMCP do. */
  | { type: 'fail'; message?: string }
  /** A real JSON-RPC error response with this code (as servers on the low-level `Server` send). */
  | { type: 'rpc-error'; code: number; message?: string }
  /** Waits `ms` (ending early, rejecting, when the request is cancelled), then answers normally or per `then`. */
  | { type: 'slow'; ms: number; then?: Fault }
  /** Never answers, until the request is cancelled or the transport closes. */
  | { type: 'hang' }
  /** A successful result whose text is `JSON.stringify(body)` (and `structuredContent` when `body` is an object). */
  | { type: 'in-band'; body: unknown }
  /** A result with `isError: true` and this text. */
  | { type: 'is-error'; text?: string }
  /** The server dies mid-call: a stdio child exits, an in-memory pair closes, an HTTP server drops every connection and stops listening. */
  | { type: 'crash'; exitCode?: number }
  /** `fault` for the first `count` calls of each tool since this fault was set, then `ok`. */
  | { type: 'fail-first'; count: number; fault: Fault }
  /** `fault` with this probability, drawn from a PRNG seeded with `seed` (deterministic given the seed and the call order). */
  | { type: 'random'; probability: number; fault: Fault; seed?: number };

/**
 * Faults by tool name; the key `'*'` applies to every tool without an entry of its own.
 *
 * @example const plan: FaultPlan = { '*': { type: 'slow', ms: 50 }, send_item: { type: 'hang' } };
 */
export type FaultPlan = Record<string, Fault>;

/**
 * The name of a fault kind.
 *
 * @example const kind: FaultType = 'fail-first';
 */
export type FaultType = Fault['type'];

/**
 * A fault with every decision taken for one call: no `fail-first` or `random` left, and a
 * `slow` fault's follow-up resolved as well.
 *
 * @example const action: ResolvedFault = resolveFault({ type: 'fail-first', count: 1, fault: { type: 'hang' } }, 1); // { type: 'hang' }
 */
export type ResolvedFault =
  | Exclude<Fault, { type: 'fail-first' | 'random' | 'slow' }>
  | { type: 'slow'; ms: number; then: ResolvedFault };

/**
 * The plain `ok` fault (a normal answer).
 *
 * @example handle.setFault('*', OK);
 */
export const OK: { readonly type: 'ok' } = Object.freeze({ type: 'ok' });

/**
 * What a fault does on the `call`-th call (1-based) of one tool since the fault was set.
 * Pure: the same fault and call number always give the same answer.
 *
 * @example resolveFault({ type: 'random', probability: 0.5, seed: 1, fault: { type: 'fail' } }, 3);
 */
export function resolveFault(fault: Fault, call: number): ResolvedFault {
  switch (fault.type) {
    case 'fail-first':
      return call <= fault.count ? resolveFault(fault.fault, call) : OK;
    case 'random':
      return mulberry32At(fault.seed ?? 0, call - 1) < fault.probability ? resolveFault(fault.fault, call) : OK;
    case 'slow':
      return { type: 'slow', ms: fault.ms, then: fault.then === undefined ? OK : resolveFault(fault.then, call) };
    default:
      return fault;
  }
}

/**
 * A short label for a resolved fault, as written to the ledger: `'ok'`, `'crash'`, `'slow>fail'`.
 *
 * @example faultLabel({ type: 'slow', ms: 10, then: { type: 'ok' } }); // 'slow'
 */
export function faultLabel(fault: ResolvedFault): string {
  if (fault.type !== 'slow') return fault.type;
  return fault.then.type === 'ok' ? 'slow' : `slow>${faultLabel(fault.then)}`;
}
