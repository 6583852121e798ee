import { createInMemoryServer, stdioServer } from '@res/testkit';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ResilientClient, type ResilientClientOptions } from '../src/index.js';

type Overrides = Record<string, unknown>;
type Case = [label: string, overrides: Overrides, message: RegExp, type: typeof TypeError | typeof RangeError];

const memory = createInMemoryServer();
afterAll(() => memory.close());

/** Builds a client with a spy factory; returns what the constructor threw and whether the factory ran. */
function construct(overrides: Overrides): { error: unknown; factoryCalls: number } {
  const factory = vi.fn(() => memory.transport());
  try {
    new ResilientClient({ name: 'svc', connect: factory, ...overrides });
  } catch (error: unknown) {
    return { error, factoryCalls: factory.mock.calls.length };
  }
  return { error: undefined, factoryCalls: factory.mock.calls.length };
}

function expectRejected([, overrides, message, type]: Case): void {
  const { error, factoryCalls } = construct(overrides);
  expect(error).toBeInstanceOf(type);
  expect((error as Error).message).toMatch(message);
  expect((error as Error).message).toMatch(/^ResilientClient/);
  expect(factoryCalls).toBe(0);
}

/** Every bad number of a policy: the message names the option and the value. */
const numbers: [key: string, bad: number[], rule: string][] = [
  ['timeout', [NaN, -1, 0, Infinity], 'a finite number of ms > 0'],
  ['connectTimeout', [NaN, -5, 0, Infinity], 'a finite number of ms > 0'],
  ['failureThreshold', [NaN, -1, 0, 1.5, Infinity], 'an integer >= 1'],
  ['recoveryTimeout', [NaN, -1, Infinity], 'a finite number of ms >= 0'],
  ['halfOpenMaxCalls', [NaN, 0, 1.5], 'an integer >= 1'],
  ['successThreshold', [NaN, 0, 2.5], 'an integer >= 1'],
  ['maxAttempts', [NaN, -1, 0, 1.5, Infinity], 'an integer >= 1'],
  ['baseDelay', [NaN, -1, Infinity], 'a finite number of ms >= 0'],
  ['maxDelay', [NaN, -1, Infinity], 'a finite number of ms >= 0'],
  ['factor', [NaN, 0, 0.5], 'a finite number >= 1'],
  ['maxElapsed', [NaN, -1], 'a finite number of ms >= 0'],
];
const numberCases: Case[] = numbers.flatMap(([key, values, rule]) =>
  values.map((value): Case => [`policy.${key} = ${value}`, { policy: { [key]: value } }, new RegExp(`${key} must be ${rule}, got ${value}$`), RangeError]),
);

const policyCases: Case[] = [
  ['a preset object with a bad number', { preset: { timeout: -3 } }, /timeout must be a finite number of ms > 0, got -3$/, RangeError],
  ['backoff', { policy: { backoff: 'quadratic' } }, /backoff must be one of 'fixed', 'linear', 'exponential', got "quadratic"/, TypeError],
  ['jitter', { policy: { jitter: 'lots' } }, /jitter must be one of 'none', 'full', 'equal', 'decorrelated', got "lots"/, TypeError],
  ['breakerScope', { policy: { breakerScope: 'global' } }, /breakerScope must be 'server' or 'tool', got "global"/, TypeError],
  ['bulkhead.limit 0', { policy: { bulkhead: { limit: 0 } } }, /bulkhead: limit must be an integer >= 1, got 0/, RangeError],
  ['bulkhead.limit 1.5', { policy: { bulkhead: { limit: 1.5 } } }, /bulkhead: limit must be an integer >= 1, got 1.5/, RangeError],
  ['bulkhead.queue', { policy: { bulkhead: { limit: 2, queue: -1 } } }, /bulkhead: queue must be an integer >= 0, got -1/, RangeError],
  ['rateLimit.tokens', { policy: { rateLimit: { tokens: 0, interval: 1_000 } } }, /rateLimit: tokens must be an integer >= 1, got 0/, RangeError],
  ['rateLimit.interval', { policy: { rateLimit: { tokens: 1, interval: NaN } } }, /rateLimit: interval must be a finite number of ms > 0, got NaN/, RangeError],
  ['rateLimit.burst', { policy: { rateLimit: { tokens: 1, interval: 10, burst: 0 } } }, /rateLimit: burst must be an integer >= 1, got 0/, RangeError],
  ['rateLimit.maxWait', { policy: { rateLimit: { tokens: 1, interval: 10, maxWait: -1 } } }, /rateLimit: maxWait must be a finite number of ms >= 0, got -1/, RangeError],
  ['window.failureRate', { policy: { window: { size: 10, failureRate: 1.5 } } }, /window\.failureRate must be a number in \(0, 1\], got 1\.5/, RangeError],
  ['window.size', { policy: { window: { size: 0, failureRate: 0.5 } } }, /window\.size must be an integer >= 1, got 0/, RangeError],
];

const shapeCases: Case[] = [
  ['unknown preset', { preset: 'fast' }, /preset must be one of 'external-api', 'local', 'workflow', 'critical', 'fail-fast' or a preset object, got "fast"/, TypeError],
  ['preset of the wrong type', { preset: 5 }, /preset must be a preset name or object, got 5/, TypeError],
  ['policy of the wrong type', { policy: 'fast' }, /policy must be an object, got "fast"/, TypeError],
  ['unknown policy key', { policy: { retries: 3 } }, /policy has an unknown option "retries"/, TypeError],
  ['unknown key in a preset object', { preset: { timeout: 1_000, retries: 3 } }, /preset has an unknown option "retries"/, TypeError],
  ['toolErrorIsFailure', { toolErrorIsFailure: 'yes' }, /toolErrorIsFailure must be a boolean or a function, got "yes"/, TypeError],
  ['classifyResult', { classifyResult: 1 }, /classifyResult must be a function, got 1/, TypeError],
];

const connectCases: Case[] = [
  ['connect missing', { connect: undefined }, /connect must be \{ command, args\?, env\?, cwd\? \}, \{ url, headers\? \} or a function returning a Transport, got undefined/, TypeError],
  ['connect null', { connect: null }, /connect must be .*, got null$/, TypeError],
  ['connect a number', { connect: 5 }, /connect must be .*, got 5$/, TypeError],
  ['connect a command line string', { connect: 'npx server' }, /connect must be .*, got "npx server"$/, TypeError],
  ['connect neither command nor url', { connect: { host: 'x' } }, /connect must be .*, got an object with keys \["host"\]$/, TypeError],
  ['empty command', { connect: { command: ' ' } }, /connect\.command must be a non-empty string, got " "/, TypeError],
  ['command not a string', { connect: { command: 5 } }, /connect\.command must be a non-empty string, got 5/, TypeError],
  ['args not an array', { connect: { command: 'node', args: 'a b' } }, /connect\.args must be an array of strings/, TypeError],
  ['args not strings', { connect: { command: 'node', args: [1] } }, /connect\.args must be an array of strings/, TypeError],
  ['cwd', { connect: { command: 'node', cwd: 5 } }, /connect\.cwd must be a string/, TypeError],
  ['stderr', { connect: { command: 'node', stderr: 'file' } }, /connect\.stderr must be 'inherit', 'ignore' or 'pipe', got "file"/, TypeError],
  ['env not an object', { connect: { command: 'node', env: null } }, /connect\.env must be an object of strings/, TypeError],
  ['url not a URL', { connect: { url: 'not a url' } }, /connect\.url must be an absolute http\(s\) URL, got a string that is not one \(9 characters\)/, TypeError],
  ['relative url', { connect: { url: '/mcp' } }, /connect\.url must be an absolute http\(s\) URL, got a string that is not one \(4 characters\)/, TypeError],
  ['url not a string', { connect: { url: 5 } }, /connect\.url must be an absolute http\(s\) URL, got 5/, TypeError],
  ['url not http', { connect: { url: 'file:///etc/passwd' } }, /connect\.url must be an http\(s\) URL, got "file:\/\/\/etc\/passwd"/, TypeError],
  ['headers not an object', { connect: { url: 'http://127.0.0.1:1/mcp', headers: 5 } }, /connect\.headers must be an object of strings, got 5/, TypeError],
];

const toolCases: Case[] = [
  ['tools not an object', { tools: 5 }, /tools must be an object/, TypeError],
  ['tools entry null', { tools: { read_item: null } }, /tools\.read_item must be an object, got null/, TypeError],
  ['tools entry unknown key', { tools: { read_item: { retries: 1 } } }, /tools\.read_item has an unknown option "retries"/, TypeError],
  ['tools safety', { tools: { read_item: { safety: 'maybe' } } }, /tools\.read_item\.safety must be 'read', 'idempotent' or 'unsafe', got "maybe"/, TypeError],
  ['tools timeout', { tools: { read_item: { timeout: 0 } } }, /tools\.read_item: timeout must be a finite number of ms > 0, got 0/, RangeError],
  ['tools retry not an object', { tools: { read_item: { retry: 'yes' } } }, /tools\.read_item\.retry must be false or an object, got "yes"/, TypeError],
  ['tools retry number', { tools: { read_item: { retry: { maxAttempts: 1.5 } } } }, /tools\.read_item\.retry: maxAttempts must be an integer >= 1, got 1\.5/, RangeError],
  ['tools retry unknown key', { tools: { read_item: { retry: { tries: 2 } } } }, /tools\.read_item\.retry has an unknown option "tries"/, TypeError],
  ['tools fallback', { tools: { read_item: { fallback: 'stale' } } }, /tools\.read_item\.fallback must be 'cache', \{ cache: true, maxEntries\?, maxAge\? \} or a function, got "stale"/, TypeError],
  ['tools fallback object', { tools: { read_item: { fallback: { cache: 'yes' } } } }, /tools\.read_item\.fallback must be .*, got an object with keys \["cache"\]/, TypeError],
  ['cache fallback on an unsafe tool', { tools: { send_item: { safety: 'unsafe', fallback: 'cache' } } }, /tools\.send_item\.fallback 'cache' is for read tools only; send_item is unsafe/, TypeError],
  ['cache fallback on an idempotent tool', { tools: { upsert_item: { safety: 'idempotent', fallback: { cache: true } } } }, /tools\.upsert_item\.fallback 'cache' is for read tools only; upsert_item is idempotent/, TypeError],
  [
    'cache fallback on a tool the catalog calls unsafe',
    { catalog: { send_item: { safety: 'unsafe', purpose: 'sends' } }, tools: { send_item: { fallback: 'cache' } } },
    /tools\.send_item\.fallback 'cache' is for read tools only; send_item is unsafe/,
    TypeError,
  ],
  ['catalog safety', { catalog: { read_item: { safety: 'sure', purpose: 'p' } } }, /catalog\.read_item\.safety must be 'read', 'idempotent' or 'unsafe', got "sure"/, TypeError],
  ['catalog entry null', { catalog: { read_item: null } }, /catalog\.read_item must be an object, got null/, TypeError],
  ['catalog timeout', { catalog: { read_item: { safety: 'read', purpose: 'p', timeout: 0 } } }, /catalog\.read_item: timeout must be a finite number of ms > 0, got 0/, RangeError],
  ['catalog maxAttempts 0', { catalog: { read_item: { safety: 'read', purpose: 'p', maxAttempts: 0 } } }, /catalog\.read_item: maxAttempts must be an integer >= 1, got 0/, RangeError],
  ['catalog maxAttempts 1.5', { catalog: { read_item: { safety: 'read', purpose: 'p', maxAttempts: 1.5 } } }, /catalog\.read_item: maxAttempts must be an integer >= 1, got 1\.5/, RangeError],
];

describe('new ResilientClient rejects bad input at once, naming the option and the value', () => {
  it.each(numberCases)('%s', (...row) => {
    expectRejected(row);
  });
  it.each(policyCases)('%s', (...row) => {
    expectRejected(row);
  });
  it.each(shapeCases)('%s', (...row) => {
    expectRejected(row);
  });
  it.each(connectCases)('%s', (...row) => {
    expectRejected(row);
  });
  it.each(toolCases)('%s', (...row) => {
    expectRejected(row);
  });

  it('a missing name', () => {
    expect(() => new ResilientClient({ name: '', connect: () => memory.transport() })).toThrow(new TypeError('ResilientClient: name must be a non-empty string, got ""'));
  });
});

describe('environment values never appear in errors', () => {
  it.each<[string, unknown, string]>([
    ['a number', 48_151_623_42, 'number'],
    ['an object', { secret: 'sk-live-VALIDATION-SECRET' }, 'object'],
    ['an array', ['sk-live-VALIDATION-SECRET'], 'object'],
  ])('a non-string env value (%s) is named by its variable and type only', (_label, value, type) => {
    const { error } = construct({ connect: { command: 'node', env: { PATH_OK: '/bin', API_TOKEN: value } } });
    expect(error).toEqual(new TypeError(`ResilientClient "svc": connect.env.API_TOKEN must be a string, got ${type}`));
    expect(JSON.stringify(error) + String(error)).not.toMatch(/4815162342|VALIDATION-SECRET/);
  });

  it('a non-string header value is named by its header only', () => {
    const { error } = construct({ connect: { url: 'http://127.0.0.1:1/mcp', headers: { Authorization: { bearer: 'sk-live-HEADER-SECRET' } } } });
    expect(error).toEqual(new TypeError('ResilientClient "svc": connect.headers.Authorization must be a string, got object'));
    expect(String(error)).not.toContain('HEADER-SECRET');
  });
});

describe('construction starts nothing', () => {
  it('a valid client calls no factory until its first call', async () => {
    const factory = vi.fn(() => memory.transport());
    const client = new ResilientClient({ name: 'svc', connect: factory, preset: 'local', policy: { maxAttempts: 1 } });
    expect(client.connected).toBe(false);
    expect(client.health()).toMatchObject({ calls: 0, connected: false, state: 'closed' });
    expect(factory).not.toHaveBeenCalled();
    await client.callTool('read_item', { id: '1' });
    expect(factory).toHaveBeenCalledTimes(1);
    await client.close();
  });

  it('a stdio client, valid or not, spawns no process at construction', async () => {
    const server = stdioServer();
    try {
      const connect = { ...server.connect, stderr: 'ignore' as const };
      expect(() => new ResilientClient({ name: 'svc', connect, policy: { timeout: -1 } })).toThrow(RangeError);
      expect(() => new ResilientClient({ name: 'svc', connect, preset: 'nope' as 'local' })).toThrow(TypeError);
      const client = new ResilientClient({ name: 'svc', connect, preset: 'local' });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(server.pids()).toEqual([]);
      await client.callTool('read_item', { id: '1' });
      expect(server.pids()).toHaveLength(1);
      await client.close();
      expect(server.alivePids()).toEqual([]);
    } finally {
      await server.dispose();
    }
  });
});

describe('top-level options', () => {
  it('rejects an unknown option (a typo would silently fall back to defaults)', () => {
    expect(() => new ResilientClient({ name: 'x', connect: { url: 'http://127.0.0.1:1/mcp' }, prest: 'local' } as unknown as ResilientClientOptions)).toThrow(
      /options has an unknown option "prest"/,
    );
  });

  it('rejects failureThreshold and window together in policy', () => {
    expect(() => new ResilientClient({ name: 'x', connect: { url: 'http://127.0.0.1:1/mcp' }, policy: { failureThreshold: 3, window: { size: 10, failureRate: 0.5 } } })).toThrow(
      /both failureThreshold and window/,
    );
  });

  it.each([
    ['includeArgumentsInEvents', { includeArgumentsInEvents: 'yes' }],
    ['profileEnv', { profileEnv: 3 }],
    ['clientInfo', { clientInfo: { name: 'x' } }],
  ])('checks %s', (option, extra) => {
    expect(() => new ResilientClient({ name: 'x', connect: { url: 'http://127.0.0.1:1/mcp' }, ...extra } as unknown as ResilientClientOptions)).toThrow(new RegExp(option));
  });
});
