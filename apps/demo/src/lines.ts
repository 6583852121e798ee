/**
 * Line-oriented output: one line per event (when stdout is not a terminal), a compact
 * progress line, and the final summary with its invariants.
 */
import type { Paint } from './paint.js';
import type { DemoEvent, Phase, Snapshot, StartInfo } from './report.js';
import type { Summary, ServerSummary } from './summary.js';
import { figureColumns, num, renderColumns, seconds, type Column, type Figures } from './table.js';

const PHASES: Record<Phase, string> = {
  starting: 'starting the fake servers',
  running: 'workload started',
  settling: 'workload stopped; giving the breakers still open their trial calls',
  stopping: 'workload stopped; waiting for the calls in flight',
  done: 'done',
};

const stamp = (ms: number): string => `[${(ms / 1_000).toFixed(1).padStart(5)}s]`;

/**
 * What the run is about to do, and the time compression.
 *
 * @example formatStart(info, paint(false));
 */
export function formatStart(info: StartInfo, paint: Paint): string {
  const policy = info.policy;
  return [
    `${paint.bold('res demo')}: ${info.servers.length} fake MCP servers (${info.servers.join(', ')}), seed ${info.seed}, ${info.callsPerSecond} calls/s for ${seconds(info.durationMs)}`,
    paint.dim(
      `time is compressed: timeouts ${seconds(policy.timeout ?? 0)}, breakers open after ${policy.failureThreshold ?? '?'} failed calls and try again after ` +
        `${seconds(policy.recoveryTimeout ?? 0)}, retries wait ${policy.baseDelay ?? '?'}-${policy.maxDelay ?? '?'} ms`,
    ),
  ].join('\n');
}

/**
 * One event as a line: a breaker's state change (with the failure that opened it), a fault
 * change on a fake, a phase of the run.
 *
 * @example formatEvent({ type: 'fault', at: 1500, server: 'mailgun', label: 'outage' }, paint(false)); // '[  1.5s] mailgun       fault: outage'
 */
export function formatEvent(event: DemoEvent, paint: Paint): string {
  switch (event.type) {
    case 'state': {
      const change = `${paint.state(event.from)} -> ${paint.state(event.to)}`;
      return `${stamp(event.at)} ${event.server.padEnd(13)} ${change}${event.reason === undefined ? '' : paint.dim(`  (${event.reason})`)}`;
    }
    case 'fault':
      return paint.dim(`${stamp(event.at)} ${event.server.padEnd(13)} fault: ${event.label}`);
    case 'phase':
      return paint.dim(`${stamp(event.at)} ${PHASES[event.phase]}`);
  }
}

/**
 * The whole fleet on one line, for logs.
 *
 * @example formatProgress(snapshot, paint(false)); // '[ 10.0s] calls 143, ok 96, failed 16, … | not closed: mailgun (open)'
 */
export function formatProgress(snapshot: Snapshot, paint: Paint): string {
  const sum = (pick: (row: Snapshot['rows'][number]) => number): number => snapshot.rows.reduce((total, row) => total + pick(row), 0);
  const notClosed = snapshot.rows.filter((row) => row.state !== 'closed').map((row) => `${row.name} (${paint.state(row.state)})`);
  return (
    `${stamp(snapshot.elapsedMs)} calls ${sum((row) => row.calls)}, ok ${sum((row) => row.successes)}, failed ${sum((row) => row.failures)}, ` +
    `retries ${sum((row) => row.retries)}, rejected ${sum((row) => row.rejections)}, fallbacks ${sum((row) => row.fallbacks)}` +
    ` | ${notClosed.length === 0 ? 'all breakers closed' : `not closed: ${notClosed.join(', ')}`}`
  );
}

/** A line of the summary table: a server, or the totals. */
type SummaryLine = Figures & { p50?: number; p99?: number; unsafe: string };

const SUMMARY: Column<SummaryLine>[] = [
  ...figureColumns<SummaryLine>('final'),
  num('p50 ms', 6, (row) => row.p50),
  num('p99 ms', 6, (row) => row.p99),
  { header: 'unsafe tools: called/ran', width: 0, align: 'left', cell: (row) => ({ text: row.unsafe }) },
];

function summaryLine(server: ServerSummary): SummaryLine {
  return {
    ...server,
    state: server.finalState,
    p50: server.latencyMs.p50,
    p99: server.latencyMs.p99,
    unsafe: server.unsafe.map((count) => `${count.tool} ${count.called}/${count.ran}`).join(', ') || '(none)',
  };
}

/**
 * The figures per server and totals, then every invariant with PASS or FAIL.
 *
 * @example console.log(formatSummary(summary, paint(false)));
 */
export function formatSummary(summary: Summary, paint: Paint): string {
  const table = renderColumns(SUMMARY, [...summary.servers.map(summaryLine), { ...summary.totals, name: 'total', unsafe: '' }], paint);
  const verdict = summary.ok ? paint.green('All invariants hold.') : paint.red(`${summary.invariants.filter((invariant) => !invariant.ok).length} invariant(s) failed.`);
  return [
    '',
    paint.bold(`Summary: ${seconds(summary.elapsedMs)} of calls, seed ${summary.seed}${summary.interrupted ? ' (interrupted)' : ''}`),
    ...table,
    '',
    ...summary.invariants.map((invariant) => `  ${invariant.ok ? paint.green('PASS') : paint.red('FAIL')}  ${invariant.name}: ${invariant.detail}`),
    '',
    verdict,
  ].join('\n');
}
