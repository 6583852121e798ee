// Fuzzing the proxy's command line and res.json (DESIGN §6, §9): every generated input builds an
// upstream client (nothing starts) or fails with a clear error — ConfigError, commander's usage error,
// TypeError or RangeError — that never quotes a header value, an env value or a URL credential and is
// never a crash (`Cannot read properties…`, `… is not a function`).
import { CommanderError } from 'commander';
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, createUpstream, parseArgs } from '../src/index.js';

const SECRET = 'CLI-S3CRET-2291';
const RUNS = 1_500;
const dir = mkdtempSync(join(tmpdir(), 'res-proxy-fuzz-'));
let file = 0;

const write = process.stderr.write.bind(process.stderr);
beforeAll(() => {
  process.stderr.write = (() => true); // commander prints usage errors too
});
afterAll(() => {
  process.stderr.write = write;
});

const word = fc.constantFrom('0', '1', '-1', '1.5', '2147483647', '2147483648', '1e12', 'abc', '', 'constructor', '__proto__', 'toString', 'local', 'mailgun', 'external-api', 'default');
const flag = fc.oneof(
  fc.tuple(fc.constantFrom('--timeout', '--connect-timeout', '--failure-threshold', '--recovery-timeout', '--max-attempts', '--half-open-max-calls', '--metrics-port', '--server', '--preset', '--name'), word),
  fc.tuple(fc.constant('--url'), fc.constantFrom('http://127.0.0.1:1/mcp', `http://u:${SECRET}@127.0.0.1:1/mcp`, `http://127.0.0.1:1/mcp?key=${SECRET}`, `x${SECRET}`, 'ftp://127.0.0.1/')),
  fc.tuple(fc.constant('--header'), fc.constantFrom(`Authorization: Bearer ${SECRET}`, `Authorization Bearer ${SECRET}`, `X: ${SECRET}\r\nY: 1`, `Bad Name: ${SECRET}`, `: ${SECRET}`)),
  fc.tuple(fc.constantFrom('--quiet', '--no-health-tool', '--admin-tool', '--bogus')),
);
const value = fc.oneof(fc.integer({ min: -2, max: 10 }), fc.constantFrom(0.5, 2 ** 31, 1e12, null, '', 'x', true, [], {}));
const resJson = fc.oneof(
  fc.record(
    {
      preset: fc.oneof(word, value),
      policy: fc.oneof(fc.dictionary(fc.constantFrom('timeout', 'maxAttempts', 'maxAttemps', 'window', 'baseDelay', 'jitter', 'maxPages'), value), value),
      tools: fc.oneof(fc.dictionary(fc.constantFrom('read', '__proto__', 'constructor'), fc.dictionary(fc.constantFrom('safety', 'timeout', 'retry', 'fallback', 'safty'), value)), value),
      headers: fc.oneof(fc.dictionary(fc.constantFrom('Authorization', 'Bad Name'), fc.constantFrom(`Bearer ${SECRET}`, `${SECRET}\n`)), value),
      url: fc.constantFrom('http://127.0.0.1:1/mcp', `http://u:${SECRET}@127.0.0.1:1/mcp`),
    },
    { requiredKeys: [] },
  ).map((content) => JSON.stringify(content)),
  fc.constantFrom(`{"headers": {"Authorization": "Bearer ${SECRET}",}}`, `{"url": "http://u:${SECRET}@x"`, 'null', '[]'),
);
const upstream = fc.constantFrom<string[]>([], ['--', 'node', 'server.js'], ['--', 'npx', '-y', 'x']);

describe('res-proxy command line and res.json, fuzzed', () => {
  it('build an upstream client, or fail clearly without quoting a secret', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(flag, { maxLength: 5 }), fc.option(resJson), upstream, async (flags, json, command) => {
        const argv: string[] = flags.flat();
        if (json !== null) {
          const path = join(dir, `res-${file++}.json`);
          writeFileSync(path, json);
          argv.push('--config', path);
        }
        argv.push(...command);
        try {
          const client = createUpstream(parseArgs(argv));
          await client.close();
        } catch (error: unknown) {
          const clear = error instanceof ConfigError || error instanceof CommanderError || error instanceof TypeError || error instanceof RangeError;
          expect(clear, String(error)).toBe(true);
          const message = (error as Error).message;
          expect(message).not.toContain(SECRET);
          expect(message).not.toMatch(/Cannot read properties|is not a function|is not iterable/);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
