// Fuzzing ResilientClient's options (DESIGN §4, §9): every generated input builds a client that works
// (health() answers, close() resolves) or throws a TypeError/RangeError at construction that names a
// field it was given and never quotes a header value, an env value or a URL credential.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ResilientClient } from '../src/index.js';

const SECRET = 'FUZZ-S3CRET-4410';
const RUNS = 3_000;

const edge = fc.oneof(
  fc.integer({ min: -2, max: 12 }),
  fc.constantFrom(0, 0.5, NaN, Infinity, 2 ** 31 - 1, 2 ** 31, 1e12, null, '', 'x', true, [], {}),
);
const secretish = fc.constantFrom(SECRET, `Bearer ${SECRET}`, `${SECRET}\r\nX-Injected: 1`, `a\n${SECRET}`);
const url = fc.constantFrom(
  'http://127.0.0.1:1/mcp',
  `http://user:${SECRET}@127.0.0.1:1/mcp`,
  `http://${SECRET}@127.0.0.1:1/mcp`,
  `https://127.0.0.1:1/mcp?token=${SECRET}`,
  `ftp://user:${SECRET}@127.0.0.1/`,
  `not a url ${SECRET}`,
);
const connect = fc.oneof(
  fc.record({ url, headers: fc.oneof(fc.dictionary(fc.constantFrom('Authorization', 'X-Key', 'Bad Name', 'X:Y'), secretish), edge) }, { requiredKeys: ['url'] }),
  fc.record({ command: fc.oneof(fc.constantFrom('node', ''), edge), args: fc.oneof(fc.array(fc.string()), edge), env: fc.oneof(fc.dictionary(fc.constantFrom('API_KEY', 'TOKEN'), fc.oneof(secretish, edge)), edge) }, { requiredKeys: ['command'] }),
  edge,
);
const policy = fc.record(
  Object.fromEntries(
    ['timeout', 'connectTimeout', 'failureThreshold', 'recoveryTimeout', 'maxAttempts', 'baseDelay', 'maxDelay', 'jitter', 'maxPages', 'maxTools', 'restartAfterTimeouts', 'maxAttemps', 'window', 'bulkhead', 'rateLimit'].map((key) => [key, edge]),
  ),
  { requiredKeys: [] },
);
const toolName = fc.constantFrom('read', '__proto__', 'constructor', 'toString');
const tools = fc.oneof(
  fc.dictionary(toolName, fc.record({ safety: fc.oneof(fc.constantFrom('read', 'unsafe', 'maybe'), edge), timeout: edge, retry: fc.oneof(fc.constant(false), fc.record({ maxAttempts: edge, maxAttemps: edge }, { requiredKeys: [] }), edge), fallback: fc.oneof(fc.constant('cache'), fc.record({ cache: fc.constant(true), maxEntries: edge, maxEntriez: edge }, { requiredKeys: ['cache'] }), edge) }, { requiredKeys: [] })),
  edge,
);
const options = fc.record(
  {
    name: fc.oneof(fc.constantFrom('srv', ''), edge),
    connect,
    preset: fc.oneof(fc.constantFrom('local', 'external-api', 'constructor', '__proto__', 'nope'), edge),
    policy: fc.oneof(policy, edge),
    tools,
    toolErrorIsFailure: fc.oneof(fc.boolean(), edge),
    colour: edge,
  },
  { requiredKeys: ['name', 'connect'] },
);

function keysOf(value: unknown, depth = 0, into = new Set<string>()): Set<string> {
  if (depth > 3 || typeof value !== 'object' || value === null) return into;
  for (const [key, inner] of Object.entries(value)) {
    into.add(key);
    keysOf(inner, depth + 1, into);
  }
  return into;
}

describe('ResilientClient options, fuzzed', () => {
  it('build a working client, or throw a TypeError/RangeError naming a field, never quoting a secret', async () => {
    await fc.assert(
      fc.asyncProperty(options, async (given) => {
        let client: ResilientClient;
        try {
          client = new ResilientClient(given as never);
        } catch (error: unknown) {
          expect(error instanceof TypeError || error instanceof RangeError).toBe(true);
          const message = (error as Error).message;
          expect(message).not.toContain(SECRET);
          expect([...keysOf(given), 'options'].some((key) => message.includes(key))).toBe(true);
          return;
        }
        expect(client.health().calls).toBe(0);
        await client.close();
      }),
      { numRuns: RUNS },
    );
  });
});
