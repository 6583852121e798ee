/**
 * The end of a run: figures per server and the invariants the demo exists to show —
 * nothing unsafe ran twice, every breaker that opened closed again, nothing leaked.
 */
import type { CircuitState, Health } from '@res/mcp';

/** The counts kept per server, in the live table and in the summary alike: the client's health figures and two of the demo's own. */
export interface ServerCounts extends Pick<Health, 'name' | 'calls' | 'successes' | 'failures' | 'retries' | 'rejections' | 'fallbacks'> {
  /** Sessions rebuilt after a crash. */
  restarts: number;
  /** Times the breaker opened. */
  opened: number;
}

/** An unsafe tool: how often the demo called it and how often its handler ran on the server (the fake's ledger). */
export interface UnsafeCount {
  tool: string;
  called: number;
  ran: number;
}

/** One server's figures at the end. */
export interface ServerSummary extends ServerCounts {
  /** Child processes the fake ran (1 + one per crash). */
  processes: number;
  closed: number;
  finalState: CircuitState;
  latencyMs: { p50: number; p99: number };
  unsafe: UnsafeCount[];
}

/** One checked invariant. */
export interface Invariant {
  name: string;
  ok: boolean;
  detail: string;
}

/** What {@link runDemo} returns: the run's facts, the totals and the invariants checked. */
export interface Summary extends Pick<RunFacts, 'seed' | 'durationMs' | 'elapsedMs' | 'callsPerSecond' | 'interrupted' | 'servers'> {
  ok: boolean;
  totals: Omit<ServerCounts, 'name'> & { closed: number };
  invariants: Invariant[];
}

/** What the engine measured, for {@link summarize}. */
export interface RunFacts {
  seed: number;
  durationMs: number;
  /** Ms from the first call to the end of the drain. */
  elapsedMs: number;
  callsPerSecond: number;
  /** Stopped early (Ctrl-C). */
  interrupted: boolean;
  servers: ServerSummary[];
  unhandledRejections: readonly unknown[];
  leftoverPids: readonly number[];
}

/**
 * Totals and invariants from a run's facts.
 *
 * @example summarize(facts).ok; // true when every invariant holds
 */
export function summarize(facts: RunFacts): Summary {
  const invariants = [unsafeAtMostOnce(facts.servers), breakersRecovered(facts.servers), noUnhandledRejections(facts.unhandledRejections), noChildrenLeft(facts.leftoverPids)];
  const sum = (key: keyof Summary['totals']): number => facts.servers.reduce((total, server) => total + server[key], 0);
  return {
    ok: invariants.every((invariant) => invariant.ok),
    seed: facts.seed,
    durationMs: facts.durationMs,
    elapsedMs: facts.elapsedMs,
    callsPerSecond: facts.callsPerSecond,
    interrupted: facts.interrupted,
    servers: facts.servers,
    totals: {
      calls: sum('calls'), successes: sum('successes'), failures: sum('failures'), retries: sum('retries'), rejections: sum('rejections'),
      fallbacks: sum('fallbacks'), restarts: sum('restarts'), opened: sum('opened'), closed: sum('closed'),
    },
    invariants,
  };
}

function unsafeAtMostOnce(servers: readonly ServerSummary[]): Invariant {
  const all = servers.flatMap((server) => server.unsafe.map((count) => ({ server: server.name, ...count })));
  const over = all.filter((count) => count.ran > count.called);
  const called = all.reduce((total, count) => total + count.called, 0);
  const ran = all.reduce((total, count) => total + count.ran, 0);
  return {
    name: 'no unsafe tool ran more often than it was called',
    ok: over.length === 0,
    detail: over.length === 0
      ? `${plural(called, 'unsafe call')} to ${plural(all.length, 'tool')}, ${plural(ran, 'handler run')} on the servers`
      : over.map((count) => `${count.server}.${count.tool} ran ${count.ran}x for ${count.called} calls`).join('; '),
  };
}

function breakersRecovered(servers: readonly ServerSummary[]): Invariant {
  const opened = servers.filter((server) => server.opened > 0);
  const stuck = opened.filter((server) => server.finalState !== 'closed');
  return {
    name: 'every breaker that opened closed again after its server recovered',
    ok: stuck.length === 0,
    detail: stuck.length > 0
      ? `still not closed: ${stuck.map((server) => `${server.name} (${server.finalState})`).join(', ')}`
      : opened.length === 0
        ? 'no breaker opened'
        : `${opened.length} opened (${opened.map((server) => `${server.name} ${server.opened}x`).join(', ')}), all closed`,
  };
}

function noUnhandledRejections(reasons: readonly unknown[]): Invariant {
  const first = reasons[0];
  return {
    name: 'no unhandled rejections',
    ok: reasons.length === 0,
    detail: reasons.length === 0 ? 'none' : `${reasons.length}, first: ${first instanceof Error ? first.message : String(first)}`,
  };
}

function noChildrenLeft(pids: readonly number[]): Invariant {
  return {
    name: 'every client closed and every fake server process gone',
    ok: pids.length === 0,
    detail: pids.length === 0 ? 'no child process left' : `still alive: ${pids.join(', ')}`,
  };
}

/** `1 call`, `2 calls`. */
function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
