import { describe, expect, it } from 'vitest';
import { parseArgs } from '../src/cli.js';
import type { Snapshot } from '../src/report.js';
import { serveStatusPage, teeReporter, webReporter } from '../src/web.js';

const snapshot: Snapshot = {
  phase: 'running', elapsedMs: 1000, durationMs: 25_000, seed: 42, callsPerSecond: 12, recoveryMs: 2000, presetRecoveryMs: { min: 10_000, max: 60_000 },
  rows: [
    { name: 'mailgun', state: 'open', calls: 12, successes: 7, failures: 5, retries: 3, rejections: 2, fallbacks: 0, restarts: 0, opened: 1, p50: 12.4, p99: 80.6, fault: 'outage' },
    { name: 'mermaid', state: 'closed', calls: 9, successes: 9, failures: 0, retries: 0, rejections: 0, fallbacks: 0, restarts: 1, opened: 0, p50: 3, p99: 9, fault: '' },
  ],
};

describe('pnpm demo --web', () => {
  it('parses --web with and without a port', () => {
    expect(parseArgs(['--web', '8090'], { isTTY: false, env: {} }).web).toBe(8090);
    expect(parseArgs(['--web'], { isTTY: false, env: {} }).web).toBe(0);
    expect(parseArgs([], { isTTY: false, env: {} }).web).toBeUndefined();
  });

  it('serves the gateway status page over the fleet, one row per server, live from the snapshots', async () => {
    const web = webReporter();
    const seen: string[] = [];
    const reporter = teeReporter({ snapshot: () => seen.push('terminal') }, web.reporter);
    const page = await serveStatusPage(web.source, 0);
    try {
      reporter.event?.({ type: 'state', at: 900, server: 'mailgun', from: 'closed', to: 'open', reason: '5 failures in a row' });
      reporter.snapshot?.(snapshot);
      expect(seen).toEqual(['terminal']);
      const status = (await (await fetch(new URL('status.json', page.url))).json()) as { servers: unknown[] };
      expect(status.servers).toEqual([
        { name: 'mailgun', state: 'open', note: 'fault: outage', calls: 12, failures: 5, retries: 3, rejections: 2, p50: 12, p99: 81, restarts: 0, lastError: 'breaker closed -> open: 5 failures in a row' },
        { name: 'mermaid', state: 'closed', note: '', calls: 9, failures: 0, retries: 0, rejections: 0, p50: 3, p99: 9, restarts: 1, lastError: '' },
      ]);
      const html = await (await fetch(page.url)).text();
      expect(html).toContain('<tr data-server="mailgun" data-state="open">');
      expect(page.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    } finally {
      await page.stop();
    }
  });
});
