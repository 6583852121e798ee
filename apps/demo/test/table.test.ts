import { describe, expect, it } from 'vitest';
import { formatEvent, formatProgress, formatStart, formatSummary } from '../src/lines.js';
import { paint, stripAnsi } from '../src/paint.js';
import type { Snapshot } from '../src/report.js';
import { summarize, type ServerSummary } from '../src/summary.js';
import { renderTable } from '../src/table.js';

const snapshot: Snapshot = {
  phase: 'running',
  elapsedMs: 12_400,
  durationMs: 25_000,
  seed: 42,
  callsPerSecond: 12,
  recoveryMs: 2_000,
  presetRecoveryMs: { min: 15_000, max: 60_000 },
  rows: [
    { name: 'mailgun', state: 'open', calls: 41, successes: 30, failures: 6, retries: 12, rejections: 5, fallbacks: 2, restarts: 0, opened: 1, p50: 63.2, p99: 1211.7, fault: 'outage: mailgun_error 503' },
    { name: 'session-buddy', state: 'half-open', calls: 40, successes: 35, failures: 2, retries: 4, rejections: 3, fallbacks: 0, restarts: 1, opened: 1, p50: 28, p99: 744, fault: 'crash: the process exits mid-call' },
    { name: 'mermaid', state: 'closed', calls: 40, successes: 40, failures: 0, retries: 0, rejections: 0, fallbacks: 0, restarts: 0, opened: 0, p50: 182, p99: 240, fault: 'calm' },
    { name: 'unifi', state: 'isolated', calls: 3, successes: 3, failures: 0, retries: 0, rejections: 0, fallbacks: 0, restarts: 0, opened: 0, p50: 31, p99: 35, fault: 'calm' },
  ],
};

describe('renderTable', () => {
  it('renders a fixed snapshot as plain text when colour is off', () => {
    expect(renderTable(snapshot, paint(false))).toBe(
      [
        'res demo  4 MCP servers · seed 42 · 12 calls/s · 12.4 s / 25 s · running',
        "time is compressed: an open breaker tries again after 2.0 s (the adapters' presets: 15-60 s)",
        '',
        'server         breaker     calls     ok  failed  retries  rejected  fallback  restarts  opened  p50 ms  p99 ms  injected fault',
        'mailgun        open           41     30       6       12         5         2         0       1      63    1212  outage: mailgun_error 503',
        'session-buddy  half-open      40     35       2        4         3         0         1       1      28     744  crash: the process exits mid-call',
        'mermaid        closed         40     40       0        0         0         0         0       0     182     240  calm',
        'unifi          isolated        3      3       0        0         0         0         0       0      31      35  calm',
      ].join('\n'),
    );
  });

  it('colours each breaker state (closed green, half-open yellow, open red, isolated magenta) without changing the layout', () => {
    const coloured = renderTable(snapshot, paint(true));
    expect(coloured).toContain('\u001b[31mopen\u001b[39m');
    expect(coloured).toContain('\u001b[33mhalf-open\u001b[39m');
    expect(coloured).toContain('\u001b[32mclosed\u001b[39m');
    expect(coloured).toContain('\u001b[35misolated\u001b[39m');
    expect(stripAnsi(coloured)).toBe(renderTable(snapshot, paint(false)));
  });

  it('cuts the fault column to the terminal width', () => {
    const lines = renderTable(snapshot, paint(false), 130).split('\n');
    expect(lines[4]).toBe('mailgun        open           41     30       6       12         5         2         0       1      63    1212  outage: mailgun_e…');
    for (const line of lines.slice(3)) expect(line.length).toBeLessThanOrEqual(130);
  });
});

describe('lines', () => {
  it('formats events, progress and the start', () => {
    const plain = paint(false);
    expect(formatEvent({ type: 'state', at: 5_809, server: 'mailgun', from: 'closed', to: 'open', reason: 'Mailgun answered 503' }, plain)).toBe(
      '[  5.8s] mailgun       closed -> open  (Mailgun answered 503)',
    );
    expect(formatEvent({ type: 'fault', at: 1_474, server: 'mailgun', label: 'flaky: 30% status 503' }, plain)).toBe('[  1.5s] mailgun       fault: flaky: 30% status 503');
    expect(formatProgress(snapshot, plain)).toBe(
      '[ 12.4s] calls 124, ok 108, failed 8, retries 16, rejected 8, fallbacks 2 | not closed: mailgun (open), session-buddy (half-open), unifi (isolated)',
    );
    expect(formatStart({ servers: ['mailgun', 'mermaid'], seed: 7, durationMs: 25_000, callsPerSecond: 12, policy: { timeout: 2_000, failureThreshold: 3, recoveryTimeout: 2_000, baseDelay: 100, maxDelay: 800 } }, plain)).toBe(
      'res demo: 2 fake MCP servers (mailgun, mermaid), seed 7, 12 calls/s for 25 s\n' +
        'time is compressed: timeouts 2.0 s, breakers open after 3 failed calls and try again after 2.0 s, retries wait 100-800 ms',
    );
  });

  it('formats the summary with its invariants', () => {
    const server = (name: string, unsafe: ServerSummary['unsafe']): ServerSummary => ({
      name, calls: 30, successes: 25, failures: 3, retries: 6, rejections: 2, fallbacks: 1, restarts: 0, processes: 1, opened: 1, closed: 1,
      finalState: 'closed', latencyMs: { p50: 40, p99: 900 }, unsafe,
    });
    const summary = summarize({
      seed: 42, durationMs: 25_000, elapsedMs: 25_300, callsPerSecond: 12, interrupted: false,
      servers: [server('mailgun', [{ tool: 'send_message', called: 4, ran: 3 }]), server('mermaid', [])],
      unhandledRejections: [], leftoverPids: [],
    });
    expect(formatSummary(summary, paint(false))).toBe(
      [
        '',
        'Summary: 25 s of calls, seed 42',
        'server         final       calls     ok  failed  retries  rejected  fallback  restarts  opened  p50 ms  p99 ms  unsafe tools: called/ran',
        'mailgun        closed         30     25       3        6         2         1         0       1      40     900  send_message 4/3',
        'mermaid        closed         30     25       3        6         2         1         0       1      40     900  (none)',
        'total                         60     50       6       12         4         2         0       2',
        '',
        '  PASS  no unsafe tool ran more often than it was called: 4 unsafe calls to 1 tool, 3 handler runs on the servers',
        '  PASS  every breaker that opened closed again after its server recovered: 2 opened (mailgun 1x, mermaid 1x), all closed',
        '  PASS  no unhandled rejections: none',
        '  PASS  every client closed and every fake server process gone: no child process left',
        '',
        'All invariants hold.',
      ].join('\n'),
    );
  });
});
