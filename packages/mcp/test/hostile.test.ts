// A hostile upstream (DESIGN §9) through ResilientClient: every call settles within its deadline,
// health() keeps answering, no secret and no line break reaches a message, event or health.
// Memory bound: the test process's RSS stays under 1.5 GB across every mode (the 50 MB line included).
import { FORGED_LINE, hostileStdio, startHostileHttp, type HostileHttp, type HostileMode } from '@res/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { isMcpFailure, ResilientClient, type ClientEvent } from '../src/index.js';
import { rejection } from './helpers.js';

const SECRET = 'HOSTILE-S3CRET-884422';
const TIMEOUT = 1_000;
const policy = { timeout: TIMEOUT, connectTimeout: 2_000, maxAttempts: 1, failureThreshold: 100 } as const;
const RSS_BOUND = 1.5 * 1024 ** 3;
// Modes that are slow by nature (100k tools to parse, 20k notifications first, the SDK's read buffer
// copying 10 MB chunk by chunk) get a longer attempt timeout: on a loaded machine they take over 1 s.
const slow = new Set<HostileMode>(['many-tools', 'flood', 'huge-line', 'huge-error']);
const policyFor = (mode: HostileMode) => (slow.has(mode) ? { ...policy, timeout: 8_000 } : policy);

let client: ResilientClient | undefined;
let http: HostileHttp | undefined;
afterEach(async () => {
  await client?.close();
  await http?.close();
  client = undefined;
  http = undefined;
});

interface Outcome {
  ok: boolean;
  ms: number;
  kind: string | undefined;
  message: string;
  texts: string[];
}

async function callThrough(make: () => ResilientClient): Promise<Outcome> {
  client = make();
  const events: ClientEvent[] = [];
  client.on('event', (event) => events.push(event));
  const started = Date.now();
  let outcome: Omit<Outcome, 'ms' | 'texts'>;
  try {
    await client.callTool('echo', {});
    outcome = { ok: true, kind: undefined, message: '' };
  } catch (error: unknown) {
    outcome = { ok: false, kind: isMcpFailure(error) ? error.kind : (error as Error).name, message: (error as Error).message };
  }
  const ms = Date.now() - started;
  const texts = [outcome.message, JSON.stringify(client.health()), ...events.map((event) => JSON.stringify(event))];
  for (const text of texts) {
    expect(text).not.toContain(SECRET);
    expect(text).not.toMatch(/[\r\n]/);
  }
  expect(outcome.message.length).toBeLessThanOrEqual(1_100);
  expect(client.health().calls).toBe(1);
  expect(process.memoryUsage().rss).toBeLessThan(RSS_BOUND);
  return { ...outcome, ms, texts };
}

const stdio = (mode: HostileMode) => () =>
  new ResilientClient({ name: 'hostile', connect: { ...hostileStdio(mode), env: { HOSTILE_SECRET: SECRET }, stderr: 'ignore' }, policy: policyFor(mode) });

const overHttp = (mode: HostileMode) => async (): Promise<() => ResilientClient> => {
  http = await startHostileHttp(mode);
  const url = http.url;
  return () => new ResilientClient({ name: 'hostile', connect: { url, headers: { Authorization: `Bearer ${SECRET}` } }, policy: policyFor(mode) });
};

// What each mode must come to: a success, or a failure of this kind (the deadline: attempt timeout + connect).
const expected: Record<HostileMode, { ok: true } | { ok: false; kind: string; message?: RegExp }> = {
  ok: { ok: true },
  'wrong-ids': { ok: false, kind: 'timeout' },
  flood: { ok: true },
  'huge-line': { ok: false, kind: 'transport', message: /10 MB/ },
  'invalid-json': { ok: true },
  'no-initialize': { ok: false, kind: 'timeout' },
  'many-tools': { ok: true },
  'endless-pages': { ok: true },
  'deep-json': { ok: false, kind: 'protocol', message: /too deep/ },
  'huge-error': { ok: false, kind: 'transport', message: /10 MB/ },
  'multiline-error': { ok: false, kind: 'protocol' },
  'echo-headers': { ok: false, kind: 'protocol', message: /\[redacted\]/ },
};

describe('a hostile stdio upstream through ResilientClient', () => {
  for (const [mode, want] of Object.entries(expected) as [HostileMode, (typeof expected)[HostileMode]][]) {
    it(`${mode}: settles within its deadline, ${want.ok ? 'succeeds' : `fails as ${want.kind}`}, leaks nothing`, async () => {
      const outcome = await callThrough(stdio(mode));
      expect(outcome.ms).toBeLessThan(policy.connectTimeout + policyFor(mode).timeout + 1_500);
      expect({ ok: outcome.ok, kind: outcome.kind }).toEqual(want.ok ? { ok: true, kind: undefined } : { ok: false, kind: want.kind });
      if (!want.ok && want.message !== undefined) expect(outcome.message).toMatch(want.message);
      if (mode === 'multiline-error') expect(outcome.message).toContain(` ${FORGED_LINE}`);
    }, 20_000);
  }
});

const httpExpected: Partial<Record<HostileMode, { ok: true } | { ok: false; kind: string; message?: RegExp }>> = {
  ok: { ok: true },
  'wrong-ids': { ok: false, kind: 'timeout' },
  flood: { ok: true },
  'no-initialize': { ok: false, kind: 'timeout' },
  'endless-pages': { ok: true },
  'deep-json': { ok: false, kind: 'protocol', message: /too deep/ },
  'huge-error': { ok: false, kind: 'caller', message: /HTTP 401/ },
  'multiline-error': { ok: false, kind: 'protocol' },
  'echo-headers': { ok: false, kind: 'caller', message: /\[redacted\]/ },
};

describe('a hostile HTTP upstream through ResilientClient', () => {
  for (const [mode, want] of Object.entries(httpExpected) as [HostileMode, { ok: true } | { ok: false; kind: string; message?: RegExp }][]) {
    it(`${mode}: settles within its deadline, ${want.ok ? 'succeeds' : `fails as ${want.kind}`}, leaks nothing`, async () => {
      const make = await overHttp(mode)();
      const outcome = await callThrough(make);
      expect(outcome.ms).toBeLessThan(policy.connectTimeout + policyFor(mode).timeout + 1_500);
      expect({ ok: outcome.ok, kind: outcome.kind }).toEqual(want.ok ? { ok: true, kind: undefined } : { ok: false, kind: want.kind });
      if (!want.ok && want.message !== undefined) expect(outcome.message).toMatch(want.message);
    }, 20_000);
  }
});

describe('connect URLs and headers (DESIGN §9)', () => {
  it('refuses a URL with credentials at construction, without quoting the password', () => {
    const error = (() => {
      try {
        new ResilientClient({ name: 'x', connect: { url: 'http://user:PASSWORD456@127.0.0.1:1/mcp' } });
      } catch (thrown: unknown) {
        return thrown as Error;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(TypeError);
    expect(error?.message).toMatch(/connect\.url must not carry credentials/);
    expect(error?.message).not.toContain('PASSWORD456');
  });

  it('refuses header names and values with CR/LF, naming the header and not its value', () => {
    expect(() => new ResilientClient({ name: 'x', connect: { url: 'http://127.0.0.1:1/mcp', headers: { Authorization: `Bearer ${SECRET}\r\nX: y` } } }))
      .toThrow(/connect\.headers\.Authorization must not contain CR, LF/);
    expect(() => new ResilientClient({ name: 'x', connect: { url: 'http://127.0.0.1:1/mcp', headers: { 'Bad\nName': 'v' } } })).toThrow(TypeError);
    try {
      new ResilientClient({ name: 'x', connect: { url: 'http://127.0.0.1:1/mcp', headers: { Authorization: `Bearer ${SECRET}\n` } } });
    } catch (error: unknown) {
      expect((error as Error).message).not.toContain(SECRET);
    }
  });

  it('listTools against endless pagination stops after maxPages with a protocol failure', async () => {
    client = stdio('endless-pages')();
    const error = await rejection(client.listTools());
    expect(isMcpFailure(error) && error.kind).toBe('protocol');
    expect((error as Error).message).toMatch(/more than 100 pages/);
  }, 20_000);
});
