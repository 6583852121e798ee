import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseArgs } from '../src/index.js';
import { proxyBin } from './helpers.js';

function run(args: string[]): { status: number | null; stderr: string; stdout: string } {
  const result = spawnSync(process.execPath, [proxyBin, ...args], { encoding: 'utf8', input: '', timeout: 10_000 });
  return { status: result.status, stderr: result.stderr, stdout: result.stdout };
}

describe('options', () => {
  it('merges flags over the config file, with the upstream command after --', () => {
    const dir = mkdtempSync(join(tmpdir(), 'res-proxy-'));
    const file = join(dir, 'res.json');
    writeFileSync(file, JSON.stringify({ preset: 'local', policy: { timeout: 5_000, maxAttempts: 2 }, tools: { send: { safety: 'unsafe' } } }));
    const config = parseArgs(['--config', file, '--max-attempts', '4', '--', 'python', '-m', 'srv']);
    expect(config).toMatchObject({ preset: 'local', policy: { timeout: 5_000, maxAttempts: 4 }, command: 'python', args: ['-m', 'srv'], tools: { send: { safety: 'unsafe' } } });
  });

  it.each([
    [{ policy: { maxAttempts: 0 } }, /policy\.maxAttempts: Too small/],
    [{ policy: { jitter: 'lots' } }, /policy\.jitter: Invalid option/],
    [{ tools: { x: { safety: 'maybe' } } }, /tools\.x\.safety/],
    [{ url: 'ftp://x' }, /url/],
    [{ colour: true }, /Unrecognized key/],
  ])('names the bad field of a config file: %j', (content, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'res-proxy-'));
    const file = join(dir, 'res.json');
    writeFileSync(file, JSON.stringify(content));
    expect(() => parseArgs(['--config', file, '--', 'x'])).toThrow(ConfigError);
    expect(() => parseArgs(['--config', file, '--', 'x'])).toThrow(message);
  });

  it('refuses --url together with a command', () => {
    expect(() => parseArgs(['--url', 'http://127.0.0.1:1/mcp', '--', 'node'])).toThrow(/either --url or an upstream command/);
  });
});

describe('the bin', () => {
  it('loads the bundled command (dist/cli/), which shares early-spawn.js with bin.js', () => {
    const main = new URL('../dist/cli/main.js', import.meta.url);
    expect(existsSync(main)).toBe(true);
    expect(readFileSync(main, 'utf8')).toMatch(/from "\.\.\/early-spawn\.js"/);
  });

  it('prints help and exits 0', () => {
    const { status, stderr, stdout } = run(['--help']);
    expect(status).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/--failure-threshold <n>/);
  });

  it.each([
    [['--max-attempts', '0', '--', 'x'], /--max-attempts must be an integer from 1, got "0"/],
    [['--server', 'nosuch', '--', 'x'], /--server must be one of/],
    [['--server', 'mailgun'], /missing required environment variables MAILGUN_API_KEY, MAILGUN_DOMAIN/],
    [[], /give the upstream/],
  ])('rejects %j before starting anything, on stderr, with a non-zero exit', (args, message) => {
    const { status, stderr, stdout } = run(args);
    expect(status).not.toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });
});
