// Runs every built example as a user would (`node dist/<n>-<name>.js`) and checks that it
// exits 0 within a few seconds and prints what its header promises, so examples cannot rot.
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const TIME_LIMIT_MS = 10_000;

/** Lines each example must print, in this order (each a substring or a pattern). */
const expected: Record<string, (string | RegExp)[]> = {
  '1-http-api.js': [
    'attempt 1 failed (HTTP 503); retry in 50 ms',
    'call 1: failed: HTTP 503',
    'breaker closed -> open',
    /call 3: rejected at once, server not asked \(next trial in \d+ ms\)/,
    'breaker open -> half-open',
    'attempt 1 failed (Timed out after 300 ms)',
    'server: 429, Retry-After: 1',
    'attempt 2 failed (HTTP 429); retry in 1000 ms',
    'breaker half-open -> closed',
    'call 4: ok {"status":"green"}; breaker closed',
  ],
  '2-database.js': [
    'attempt 1: SQLITE_BUSY: database is locked -> retry in 20 ms',
    'inserted u2 (users: 2)',
    'gave up after 1 attempt(s) (not-retryable): SQLITE_CONSTRAINT',
    'u3 not inserted',
    'gave up after 2 attempt(s) (attempts): SQLITE_BUSY',
    'u4 not inserted',
  ],
  '3-mcp-stdio.js': [
    'call 1: ok',
    /retry \(transport: .*connection closed/,
    'reconnected in',
    'call 2: failed',
    'breaker closed -> open',
    /call 4: failed fast in \d+ ms, nothing spawned/,
    /processes started so far: (\d+), after call 4: \1/,
    'breaker open -> half-open',
    'breaker half-open -> closed',
    'call 5: ok',
    /health: \{"state":"closed","calls":5,"failures":2,"rejections":1,"reconnects":\d+\}/,
  ],
  '4-cache-fallback.js': [
    'read a: fresh (server asked)',
    'breaker closed -> open',
    'fallback from cache (catalog read_item: database unavailable)',
    /read a: STALE \(server asked, cached \d+ ms ago\)/,
    /read a: STALE \(server not asked, cached \d+ ms ago\)/,
    'read b: rejected (circuit open, nothing cached)',
    'health: fallbacks 2, state open',
  ],
  '5-llm-calls.js': [
    /attempt 1 failed \(HTTP 529 overloaded\); next in \d+ ms/,
    'attempt 2 failed (HTTP 529 overloaded)',
    'answer: a haiku about autumn',
    /gave up after \d+ attempt\(s\): the next wait would overrun maxElapsed/,
    'no answer: HTTP 529 overloaded',
    'gave up after 1 attempt(s): not-retryable',
    'no answer: HTTP 400 prompt too long',
  ],
  '6-workflow-deadline.js': [
    'attempt 1 failed (timeout); retry in 50 ms',
    'completed: {"status":"completed"}',
    'attempt 2 failed (timeout); retry in 100 ms',
    // The third attempt starts ~750 ms in; a very loaded machine may reach the deadline first.
    /deadline of 1000 ms reached after \d+ ms \(TimeoutError\); server handlers cancelled: [23]/,
    /health: breaker closed, 0 failures, [23] retries/,
  ],
  '7-manual-circuit.js': [
    'read: ok (server calls so far: 1)',
    'billing: closed -> isolated',
    'read: rejected, Circuit "billing" is isolated until reset() (server calls so far: 1)',
    'after 200 ms recovery time, state: isolated',
    'billing: isolated -> closed',
    'read: ok (server calls so far: 2)',
  ],
  '8-mailgun-client.js': [
    '[retry] get_domains attempt 2: mailgun get_domains: Mailgun answered 503',
    '[end] get_domains: success, 3 attempt(s)',
    'get_domains: {"total_count":1',
    '[end] send_message: failure, 1 attempt(s)',
    'send_message failed once, not re-sent',
    'sends that reached the server: 2',
    'interactive get_domains (maxAttempts 1): McpCallError',
    "state: 'closed'",
    'retries: 2',
  ],
  '9-decorators.js': [
    'eu.price(A1): failed',
    'breaker "price": closed -> open',
    'us.price(C3): rejected by the shared breaker',
    'requests sent: 2; breaker open for every instance',
    'D4: price unavailable, try later',
  ],
};

function run(file: string): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [file], { cwd: dist, timeout: TIME_LIMIT_MS }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr, ms: Date.now() - started });
    });
  });
}

describe('examples', () => {
  it('every built example has expectations, and every expectation an example', () => {
    const built = readdirSync(dist).filter((file) => /^\d+-.*\.js$/.test(file));
    expect(built.sort()).toEqual(Object.keys(expected).sort());
  });

  it.concurrent.each(Object.entries(expected))('%s runs, exits 0 and prints what it shows', async (file, lines) => {
    const { code, stdout, stderr, ms } = await run(file);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(ms).toBeLessThan(TIME_LIMIT_MS);
    let from = 0;
    for (const line of lines) {
      const rest = stdout.slice(from);
      const match = typeof line === 'string' ? { index: rest.indexOf(line), length: line.length } : pattern(rest, line);
      expect(match.index, `${file} should print ${String(line)} (after offset ${from}) in:\n${stdout}`).toBeGreaterThanOrEqual(0);
      from += match.index + match.length;
    }
  });
});

function pattern(text: string, regex: RegExp): { index: number; length: number } {
  const found = regex.exec(text);
  return found === null ? { index: -1, length: 0 } : { index: found.index, length: found[0].length };
}
