import type { MemberHealth } from './registry.js';
import { oneLine } from './text.js';

/** One row of the status page: what a person needs to see of one server. */
export interface StatusRow {
  name: string;
  /** `closed` | `half-open` | `open` | `misconfigured`: the breaker as the host meets it. */
  state: 'closed' | 'half-open' | 'open' | 'misconfigured';
  /** Why, in a few words: `restarting in 3 s`, `crash loop`, `isolated`, `starting`. */
  note: string;
  calls: number;
  failures: number;
  retries: number;
  rejections: number;
  p50: number;
  p99: number;
  restarts: number;
  /** The last error or exit, one line, at most 200 characters (server text is redacted before it gets here). */
  lastError: string;
}

function noteOf(member: MemberHealth, now: number): string {
  if (member.supervisor === 'crash-loop') return 'crash loop';
  if (member.supervisor === 'backoff') {
    const seconds = member.nextRestartAt === undefined ? 0 : Math.max(0, Math.ceil((member.nextRestartAt - now) / 1000));
    return `restarting in ${seconds} s`;
  }
  if (member.supervisor === 'starting' || member.supervisor === 'idle') return member.exits > 0 ? 'restarting now' : 'starting';
  if (member.health?.state === 'isolated') return 'isolated';
  return member.health?.connected === true ? 'connected' : '';
}

/**
 * The status page's rows from the registry's health, in config order.
 *
 * @example const rows = statusRows(registry.health(), Date.now());
 */
export function statusRows(members: readonly MemberHealth[], now: number): StatusRow[] {
  return members.map((member) => {
    const health = member.health;
    const breaker = health?.state;
    // A restart in progress lets the supervisor's trial through the breaker: the row stays open until it is up.
    const restarting = member.supervisor === 'starting' && member.exits > 0;
    const state: StatusRow['state'] = health === undefined ? 'misconfigured' : restarting ? 'open' : breaker === 'closed' ? 'closed' : breaker === 'half-open' ? 'half-open' : 'open';
    const lastError = health === undefined ? (member.problems ?? []).join('; ') : (health.lastError?.at ?? 0) >= (member.lastExit?.at ?? 0) ? health.lastError?.message ?? '' : member.lastExit?.detail ?? '';
    return {
      name: member.name,
      state,
      note: health === undefined ? 'does not start' : noteOf(member, now),
      calls: health?.calls ?? 0,
      failures: health?.failures ?? 0,
      retries: health?.retries ?? 0,
      rejections: health?.rejections ?? 0,
      p50: Math.round(health?.latencyMs.p50 ?? 0),
      p99: Math.round(health?.latencyMs.p99 ?? 0),
      restarts: member.restarts,
      lastError: oneLine(lastError, 200),
    };
  });
}
