import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../src/report.js';
import { stripAnsi } from '../src/paint.js';
import { fit, lineReporter, liveReporter } from '../src/terminal.js';

const snapshot = (elapsedMs: number, state: Snapshot['rows'][number]['state'] = 'closed'): Snapshot => ({
  phase: 'running', elapsedMs, durationMs: 25_000, seed: 42, callsPerSecond: 12, recoveryMs: 2_000, presetRecoveryMs: { min: 15_000, max: 60_000 },
  rows: [{ name: 'mailgun', state, calls: 1, successes: 1, failures: 0, retries: 0, rejections: 0, fallbacks: 0, restarts: 0, opened: 0, p50: 60, p99: 60, fault: 'calm' }],
});

function buffer(columns?: number): { out: { write: (text: string) => boolean; columns?: number }; text: () => string } {
  let written = '';
  return { out: { write: (text: string) => ((written += text), true), ...(columns === undefined ? {} : { columns }) }, text: () => written };
}

describe('liveReporter', () => {
  it('redraws the table in place: up as many lines as it drew, each line cleared', () => {
    const { out, text } = buffer(200);
    const reporter = liveReporter(out, { color: false });
    reporter.snapshot?.(snapshot(1_000));
    const first = text();
    expect(stripAnsi(first)).toBe(first.replaceAll('\u001b[2K', '').replace('\u001b[J', '')); // only line clears: no colour, nothing to move up over yet
    const lines = first.split('\n').length - 1;
    reporter.event?.({ type: 'state', at: 1_200, server: 'mailgun', from: 'closed', to: 'open', reason: 'Mailgun answered 503' });
    reporter.snapshot?.(snapshot(1_250, 'open'));
    const second = text().slice(first.length);
    expect(second.startsWith(`\u001b[${lines}F\u001b[2K`)).toBe(true);
    expect(second).toContain('[  1.2s] mailgun       closed -> open  (Mailgun answered 503)');
    expect(second.endsWith('\u001b[J')).toBe(true);
  });

  it('never writes a line wider than the terminal', () => {
    const { out, text } = buffer(60);
    liveReporter(out, { color: true }).snapshot?.(snapshot(1_000));
    for (const line of stripAnsi(text()).split('\n')) expect(line.length).toBeLessThanOrEqual(59);
    expect(fit('abcdef', 4)).toBe('abc…');
    expect(fit('\u001b[31mab\u001b[39m', 4)).toBe('\u001b[31mab\u001b[39m');
  });
});

describe('lineReporter', () => {
  it('prints every event, and the totals at most every few seconds', () => {
    const { out, text } = buffer();
    const reporter = lineReporter(out, { color: false, progressEveryMs: 5_000 });
    reporter.event?.({ type: 'fault', at: 1_000, server: 'mailgun', label: 'outage' });
    for (let at = 0; at <= 12_000; at += 250) reporter.snapshot?.(snapshot(at));
    const progress = text().split('\n').filter((line) => line.includes('calls 1,'));
    expect(text()).toContain('[  1.0s] mailgun       fault: outage');
    expect(progress).toEqual([
      '[  5.0s] calls 1, ok 1, failed 0, retries 0, rejected 0, fallbacks 0 | all breakers closed',
      '[ 10.0s] calls 1, ok 1, failed 0, retries 0, rejected 0, fallbacks 0 | all breakers closed',
    ]);
  });
});
