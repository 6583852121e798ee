/**
 * Reporters for a terminal: a live table redrawn in place (ANSI cursor moves) when stdout
 * is a TTY; otherwise a line per change and a compact progress line every few seconds.
 */
import { formatEvent, formatProgress, formatStart, formatSummary } from './lines.js';
import { paint as makePaint, stripAnsi } from './paint.js';
import type { DemoEvent, Reporter, Snapshot } from './report.js';
import { renderTable } from './table.js';

/** Where output goes: `process.stdout` or a test's buffer. */
export interface Output {
  write(text: string): unknown;
  /** Terminal width, when known. */
  columns?: number;
}

const RECENT = 6;
const UP = (lines: number): string => (lines > 0 ? `\u001b[${lines}F` : '');
const CLEAR_LINE = '\u001b[2K';
const CLEAR_BELOW = '\u001b[J';
export const HIDE_CURSOR = '\u001b[?25l';
export const SHOW_CURSOR = '\u001b[?25h';

/**
 * The live table, redrawn in place on every snapshot, with the latest events under it.
 *
 * @example await runDemo(options, liveReporter(process.stdout, { color: true }));
 */
export function liveReporter(out: Output, options: { color: boolean }): Reporter {
  const paint = makePaint(options.color);
  const recent: string[] = [];
  let drawn = 0;
  const draw = (snapshot: Snapshot): void => {
    const width = (out.columns ?? Infinity) - 1; // one column spare: some symbols (❌) are two wide
    const frame = [renderTable(snapshot, paint, width), '', paint.bold('latest events'), ...recent].join('\n').split('\n');
    out.write(UP(drawn) + frame.map((line) => CLEAR_LINE + fit(line, width)).join('\n') + '\n' + CLEAR_BELOW);
    drawn = frame.length;
  };
  return {
    start: (info) => {
      out.write(`${formatStart(info, paint)}\n${paint.dim('starting the fake servers (child processes over stdio)…')}\n\n${HIDE_CURSOR}`);
    },
    snapshot: draw,
    event: (event: DemoEvent) => {
      if (event.type === 'phase') return;
      recent.push(formatEvent(event, paint));
      if (recent.length > RECENT) recent.shift();
    },
    end: (summary) => {
      out.write(`${SHOW_CURSOR}${formatSummary(summary, paint)}\n`);
    },
  };
}

/**
 * A line no wider than the terminal: a wrapped line would break the redraw, which moves the
 * cursor up one row per line. A line cut short loses its colours.
 */
export function fit(line: string, width: number): string {
  const plain = stripAnsi(line);
  return plain.length <= width ? line : `${plain.slice(0, Math.max(0, width - 1))}…`;
}

/**
 * A line per breaker state change, fault change and phase, and the fleet's totals at most
 * every `progressEveryMs`.
 *
 * @example await runDemo(options, lineReporter(process.stdout, { color: false }));
 */
export function lineReporter(out: Output, options: { color: boolean; progressEveryMs?: number }): Reporter {
  const paint = makePaint(options.color);
  const every = options.progressEveryMs ?? 5_000;
  let nextProgress = every;
  return {
    start: (info) => {
      out.write(`${formatStart(info, paint)}\n`);
    },
    event: (event) => {
      out.write(`${formatEvent(event, paint)}\n`);
    },
    snapshot: (snapshot) => {
      if (snapshot.phase !== 'running' || snapshot.elapsedMs < nextProgress) return;
      nextProgress = snapshot.elapsedMs + every;
      out.write(`${formatProgress(snapshot, paint)}\n`);
    },
    end: (summary) => {
      out.write(`${formatSummary(summary, paint)}\n`);
    },
  };
}
