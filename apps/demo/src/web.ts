/**
 * `pnpm demo --web`: the gateway's live status page (from `@res/proxy`) over the demo's
 * fleet: one row per server, updated on every snapshot, its last breaker change as the note.
 */
import { Emitter } from '@res/core';
import { startStatusServer, type StatusRow, type StatusSource } from '@res/proxy';
import type { DemoEvent, Reporter, ServerRow, Snapshot } from './report.js';

function rowOf(row: ServerRow, lastChange: string | undefined): StatusRow {
  return {
    name: row.name,
    state: row.state === 'closed' || row.state === 'half-open' ? row.state : 'open',
    note: row.fault === '' ? '' : `fault: ${row.fault}`,
    calls: row.calls,
    failures: row.failures,
    retries: row.retries,
    rejections: row.rejections,
    p50: Math.round(row.p50),
    p99: Math.round(row.p99),
    restarts: row.restarts,
    lastError: lastChange ?? '',
  };
}

/**
 * A reporter that keeps the latest snapshot as status rows, and the source the status page reads.
 *
 * @example const web = webReporter(); await runDemo(options, teeReporter(terminal, web.reporter));
 */
export function webReporter(): { reporter: Reporter; source: StatusSource } {
  const changes = new Emitter<{ change: undefined }>();
  const lastChange = new Map<string, string>();
  let snapshot: Snapshot | undefined;
  const reporter: Reporter = {
    snapshot: (next) => {
      snapshot = next;
      changes.emit('change', undefined);
    },
    event: (event: DemoEvent) => {
      if (event.type === 'state') lastChange.set(event.server, `breaker ${event.from} -> ${event.to}${event.reason === undefined ? '' : `: ${event.reason}`}`);
    },
  };
  const source: StatusSource = {
    rows: () => (snapshot?.rows ?? []).map((row) => rowOf(row, lastChange.get(row.name))),
    onChange: (listener) => changes.on('change', listener),
  };
  return { reporter, source };
}

/**
 * Both reporters hear everything.
 *
 * @example const reporter = teeReporter(liveReporter(process.stdout), web.reporter);
 */
export function teeReporter(...reporters: Reporter[]): Reporter {
  return {
    start: (info) => { for (const r of reporters) r.start?.(info); },
    snapshot: (snapshot) => { for (const r of reporters) r.snapshot?.(snapshot); },
    event: (event) => { for (const r of reporters) r.event?.(event); },
    end: (summary) => { for (const r of reporters) r.end?.(summary); },
  };
}

/**
 * Serves the page on 127.0.0.1 (`port` 0: a free one); resolves with its URL and the stop function.
 *
 * @example const web = await serveStatusPage(source, 8090); console.error(web.url);
 */
export function serveStatusPage(source: StatusSource, port: number): Promise<{ url: string; stop: () => Promise<void> }> {
  return startStatusServer(source, { port, logger: { info: () => undefined, error: (message) => process.stderr.write(`res demo: ${message}\n`) }, tick: 500 });
}
