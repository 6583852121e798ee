// Careless configs (DESIGN §9): every bad option is a clear error that names the field and never
// quotes a header, env or URL credential value; names never reach Object.prototype; durations fit a timer.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../src/index.js';
import { proxyBin } from './helpers.js';

const SECRET = 'SECRET123-ZZ9';

function run(args: string[], env: Record<string, string> = {}): { status: number | null; stderr: string; stdout: string } {
  const result = spawnSync(process.execPath, [proxyBin, ...args], { encoding: 'utf8', input: '', timeout: 10_000, env: { ...process.env, ...env } });
  return { status: result.status, stderr: result.stderr, stdout: result.stdout };
}

function thrown(action: () => unknown): Error {
  try {
    action();
  } catch (error: unknown) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

function configFile(content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'res-proxy-')), 'res.json');
  writeFileSync(file, content);
  return file;
}

describe('secrets are never echoed by validation', () => {
  it('refuses a URL with credentials (use --header), without quoting the password', () => {
    const error = thrown(() => parseArgs(['--url', `http://user:${SECRET}@127.0.0.1:1/mcp`]));
    expect(error.message).toMatch(/url: must not carry credentials/);
    expect(error.message).not.toContain(SECRET);
  });

  it('a --header without ":" names the flag, not the value', () => {
    const { status, stderr } = run(['--header', `Authorization Bearer ${SECRET}`, '--url', 'http://127.0.0.1:1/mcp']);
    expect(status).not.toBe(0);
    expect(stderr).toMatch(/--header must be "Name: value"/);
    expect(stderr).not.toContain(SECRET);
  });

  it('a --header value with CR/LF is refused at once, naming the header only', () => {
    const { status, stderr } = run(['--header', `Authorization: Bearer ${SECRET}\r\nX-Evil: 1`, '--url', 'http://127.0.0.1:1/mcp']);
    expect(status).not.toBe(0);
    expect(stderr).toMatch(/--header Authorization: the value must not contain CR, LF/);
    expect(stderr).not.toContain(SECRET);
  });

  it('a res.json that is not JSON says where, without quoting the text around it', () => {
    const file = configFile(`{"headers": {"Authorization": "Bearer ${SECRET}",}}`);
    const error = thrown(() => parseArgs(['--config', file]));
    expect(error.message).toMatch(/is not JSON \(line 1, column \d+\)/);
    expect(error.message).not.toContain(SECRET);
  });

  it('a res.json header value of the wrong type or with CR/LF is named, never shown', () => {
    const file = configFile(JSON.stringify({ url: 'http://127.0.0.1:1/mcp', headers: { Authorization: `Bearer ${SECRET}\n`, 'X-Key': 5 } }));
    const error = thrown(() => parseArgs(['--config', file]));
    expect(error.message).toMatch(/headers\.Authorization: must not contain CR, LF/);
    expect(error.message).toMatch(/headers\.X-Key: expected a string/);
    expect(error.message).not.toContain(SECRET);
  });
});

describe('res.json errors say what is expected', () => {
  it.each([
    [{ policy: { window: { size: 'x', failureRate: 0.5 } } }, /policy\.window\.size: Invalid input: expected number, received string/],
    [{ policy: { window: { duration: -1, failureRate: 0.5 } } }, /policy\.window\.duration: Too small/],
    [{ policy: { window: { size: 2 ** 32, failureRate: 0.5 } } }, /policy\.window\.size: Too big/],
    [{ policy: { timeout: null } }, /policy\.timeout: Invalid input: expected number, received null/],
    [{ policy: { timeout: 2_147_483_648 } }, /policy\.timeout: Too big/],
    [{ policy: { baseDelay: 3e9 } }, /policy\.baseDelay: Too big/],
    [{ policy: { rateLimit: { tokens: 1, interval: 86_400_000, maxWait: 3e9 } } }, /policy\.rateLimit\.maxWait: Too big/],
    [{ tools: { x: { retry: { maxAttemps: 5 } } } }, /tools\.x\.retry: Unrecognized key: "maxAttemps"/],
    [{ tools: { x: { fallback: { cache: true, maxEntriez: 5 } } } }, /tools\.x\.fallback: Unrecognized key: "maxEntriez"/],
    [{ tools: { x: { fallback: { cache: true, maxEntries: -1 } } } }, /tools\.x\.fallback\.maxEntries: Too small/],
  ])('%j', (content, message) => {
    const error = thrown(() => parseArgs(['--config', configFile(JSON.stringify(content)), '--', 'x']));
    expect(error.message).toMatch(message);
    expect(error.message).not.toMatch(/: Invalid input$/m);
  });
});

describe('durations fit a timer (at most 2^31 - 1 ms)', () => {
  it.each([['--timeout'], ['--connect-timeout'], ['--recovery-timeout']])('%s 2147483648 is refused', (flag) => {
    const { status, stderr } = run([flag, '2147483648', '--', 'x']);
    expect(status).not.toBe(0);
    expect(stderr).toMatch(new RegExp(`${flag} must be an integer from \\d to 2147483647`));
  });

  it('--timeout 2147483647 is accepted', () => {
    expect(parseArgs(['--timeout', '2147483647', '--', 'x']).policy?.timeout).toBe(2_147_483_647);
  });
});

describe('names never reach Object.prototype', () => {
  const mailgunEnv = { MAILGUN_API_KEY: SECRET, MAILGUN_DOMAIN: 'example.test' };
  it.each([
    [['--server', 'constructor', '--', 'x'], /--server must be one of .*mailgun/],
    [['--server', '__proto__', '--', 'x'], /--server must be one of .*mailgun/],
    [['--server', 'toString', '--', 'x'], /--server must be one of .*mailgun/],
    [['--preset', 'constructor', '--', 'x'], /preset must be one of 'external-api'/],
    [['--preset', '__proto__', '--', 'x'], /preset must be one of 'external-api'/],
    [['--server', 'mailgun', '--preset', '__proto__', '--url', 'http://127.0.0.1:1/mcp'], /preset must be one of 'default'/],
    [['--server', 'mailgun', '--preset', 'constructor', '--url', 'http://127.0.0.1:1/mcp'], /preset must be one of 'default'/],
  ])('%j is a clear error listing the known names', (args, message) => {
    const { status, stderr } = run(args, mailgunEnv);
    expect(status).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).not.toContain(SECRET);
  });
});

describe('the log', () => {
  it('writes one line of bounded length per message, with known secrets redacted', async () => {
    const { stderrLogger } = await import('../src/log.js');
    const { createRedactor } = await import('@res/mcp');
    const lines: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => {
      lines.push(chunk);
      return true;
    });
    try {
      const logger = stderrLogger(false, createRedactor([SECRET]));
      logger.error(`HTTP 401: you sent Bearer ${SECRET}\n2030-01-01T00:00:00.000Z res-proxy info FORGED LINE\r\n${'x'.repeat(20 * 1024 * 1024)}`);
    } finally {
      process.stderr.write = write;
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]?.split('\n').filter((line) => line !== '')).toHaveLength(1);
    expect(lines[0]?.length).toBeLessThan(1_100);
    expect(lines[0]).not.toContain(SECRET);
    expect(lines[0]).toContain('[redacted]');
  });
});
