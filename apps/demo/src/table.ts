/**
 * The status table: one row per server (breaker state in colour, counts, latency, the fault
 * in force), rendered from a {@link Snapshot}; pure, so tests render fixed snapshots.
 */
import type { CircuitState } from '@res/mcp';
import type { Paint } from './paint.js';
import type { ServerRow, Snapshot } from './report.js';
import type { ServerCounts } from './summary.js';

/** The counts every table shows; `state` is absent on a totals line. */
export interface Figures extends ServerCounts {
  state?: CircuitState;
}

/** Seconds for humans: one decimal below 10 s. */
export function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1_000).toFixed(1)} s` : `${Math.round(ms / 1_000)} s`;
}

/** A range of durations: '15-60 s', or one when both ends agree. */
export function secondsRange({ min, max }: { min: number; max: number }): string {
  return min === max ? seconds(min) : `${seconds(min).replace(' s', '')}-${seconds(max)}`;
}

/** One column: header, width, alignment and how a row fills it (already styled). */
export interface Column<R> {
  header: string;
  width: number;
  align: 'left' | 'right';
  cell(row: R, paint: Paint): { text: string; styled?: string };
}

/** A right-aligned whole number (blank when absent). */
export const num = <R>(header: string, width: number, value: (row: R) => number | undefined): Column<R> => ({
  header, width, align: 'right', cell: (row) => {
    const figure = value(row);
    return { text: figure === undefined ? '' : String(Math.round(figure)) };
  },
});

/** The figures every table shows, for live rows and the summary alike. */
export function figureColumns<R extends Figures>(stateHeader = 'breaker'): Column<R>[] {
  return [
    { header: 'server', width: 13, align: 'left', cell: (row) => ({ text: row.name }) },
    { header: stateHeader, width: 9, align: 'left', cell: (row, paint) => (row.state === undefined ? { text: '' } : { text: row.state, styled: paint.state(row.state) }) },
    num('calls', 6, (row) => row.calls),
    num('ok', 5, (row) => row.successes),
    num('failed', 6, (row) => row.failures),
    num('retries', 7, (row) => row.retries),
    num('rejected', 8, (row) => row.rejections),
    num('fallback', 8, (row) => row.fallbacks),
    num('restarts', 8, (row) => row.restarts),
    num('opened', 6, (row) => row.opened),
  ];
}

const LIVE: Column<ServerRow>[] = [
  ...figureColumns<ServerRow>(),
  num('p50 ms', 6, (row) => row.p50),
  num('p99 ms', 6, (row) => row.p99),
  { header: 'injected fault', width: 0, align: 'left', cell: (row, paint) => ({ text: row.fault, styled: row.fault.startsWith('calm') ? paint.dim(row.fault) : row.fault }) },
];

/**
 * Lays rows out in columns, two spaces apart; a zero-width last column takes what is left of
 * `maxWidth` (cut with an ellipsis).
 *
 * @example renderColumns(LIVE, rows, paint(false), 120);
 */
export function renderColumns<R>(columns: readonly Column<R>[], rows: readonly R[], paint: Paint, maxWidth = Infinity): string[] {
  const used = columns.reduce((total, column) => total + column.width, 0) + 2 * (columns.length - 1);
  const rest = Math.max(10, maxWidth - used);
  const line = (cells: { text: string; styled?: string }[]): string =>
    cells
      .map((cell, index) => {
        const column = columns[index];
        if (column === undefined) return '';
        const width = column.width === 0 ? Math.min(rest, cell.text.length) : column.width;
        const text = cell.text.length > width ? `${cell.text.slice(0, Math.max(0, width - 1))}…` : cell.text;
        const pad = ' '.repeat(Math.max(0, width - text.length));
        const styled = cell.styled !== undefined && text === cell.text ? cell.styled : text;
        return column.align === 'right' ? pad + styled : styled + pad;
      })
      .join('  ')
      .trimEnd();
  const header = paint.bold(line(columns.map((column) => ({ text: column.header }))));
  return [header, ...rows.map((row) => line(columns.map((column) => column.cell(row, paint))))];
}

/**
 * The live table: a title line, the compression note, one row per server.
 *
 * @example console.log(renderTable(snapshot, paint(false)));
 */
export function renderTable(snapshot: Snapshot, paint: Paint, maxWidth = Infinity): string {
  const clock = `${(Math.min(snapshot.elapsedMs, snapshot.durationMs) / 1_000).toFixed(1)} s / ${seconds(snapshot.durationMs)}`;
  const title = `${paint.bold('res demo')}  ${snapshot.rows.length} MCP servers · seed ${snapshot.seed} · ${snapshot.callsPerSecond} calls/s · ${clock} · ${snapshot.phase}`;
  const note = paint.dim(`time is compressed: an open breaker tries again after ${seconds(snapshot.recoveryMs)} (the adapters' presets: ${secondsRange(snapshot.presetRecoveryMs)})`);
  return [title, note, '', ...renderColumns(LIVE, snapshot.rows, paint, maxWidth)].join('\n');
}
