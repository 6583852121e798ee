import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config.js';
import { runWrap } from '../src/wrap/command.js';
import { proxyBin } from './helpers.js';

const fixtures = fileURLToPath(new URL('fixtures/wrap/', import.meta.url));
const golden = (name: string): string => readFileSync(join(fixtures, name), 'utf8');

function wrap(argv: string[], cwd = fixtures): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runWrap(argv, { cwd, stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { code, out, err };
}

function scratch(...files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'res-wrap-'));
  for (const file of files) copyFileSync(join(fixtures, file), join(dir, file));
  return dir;
}

describe('res-proxy wrap: golden outputs', () => {
  for (const file of ['claude_desktop_config', 'cursor-mcp']) {
    it(`${file}: one gateway entry, the servers (with their env) in the gateway config`, () => {
      const { code, out } = wrap([`${file}.json`, '--gateway-file', '/home/me/res-gateway.json']);
      expect(code).toBe(0);
      expect(out).toBe(golden(`${file}.gateway.golden`));
    });
    it(`${file}: --per-server puts one res-proxy in front of each server`, () => {
      const { code, out } = wrap([`${file}.json`, '--per-server']);
      expect(code).toBe(0);
      expect(out).toBe(golden(`${file}.per-server.golden`));
    });
  }

  it('says which servers it recognised and which it left alone', () => {
    const { err } = wrap(['cursor-mcp.json', '--gateway-file', '/home/me/res-gateway.json']);
    expect(err).toContain('wrap: mailgun (recognised: --server mailgun)');
    expect(err).toContain('wrap: remote-search\n');
    expect(err).toContain('wrap: legacy left as it is (legacy SSE transport');
    expect(err).toContain('wrap: already left as it is (already runs res-proxy)');
    expect(err).toContain('wrap: warning: mailgun: @res/mailgun: missing required environment variables MAILGUN_API_KEY, MAILGUN_DOMAIN: add them to the "env" of mailgun\n');
    expect(err).not.toContain('mg-test-secret');
  });

  it('--proxy-command and --name shape the gateway entry', () => {
    const { out } = wrap(['claude_desktop_config.json', '--gateway-file', '/g.json', '--name', 'all', '--proxy-command', 'node /opt/res/apps/proxy/dist/bin.js']);
    const host = JSON.parse(out.split('\n// ')[0]?.replace(/^\/\/ .*\n/, '') ?? '') as { mcpServers: Record<string, unknown> };
    expect(host.mcpServers).toEqual({ all: { command: 'node', args: ['/opt/res/apps/proxy/dist/bin.js', '--config', '/g.json'] } });
  });
});

describe('res-proxy wrap --write', () => {
  it('copies the host config to .bak, writes both files, and the gateway config is private', () => {
    const dir = scratch('claude_desktop_config.json');
    const before = readFileSync(join(dir, 'claude_desktop_config.json'), 'utf8');
    expect(wrap(['claude_desktop_config.json', '--write'], dir).code).toBe(0);
    expect(readFileSync(join(dir, 'claude_desktop_config.json.bak'), 'utf8')).toBe(before);
    const host = JSON.parse(readFileSync(join(dir, 'claude_desktop_config.json'), 'utf8')) as { mcpServers: { res: { args: string[] } } };
    expect(host.mcpServers.res.args).toEqual(['-y', '@res/proxy', '--config', join(dir, 'res-gateway.json')]);
    const gateway = JSON.parse(readFileSync(join(dir, 'res-gateway.json'), 'utf8')) as { mcpServers: Record<string, unknown> };
    expect(Object.keys(gateway.mcpServers)).toEqual(['mermaid', 'charts', 'raindrop', 'filesystem', 'excalidraw-canvas']);
    expect(statSync(join(dir, 'res-gateway.json')).mode & 0o777).toBe(0o600);
  });

  it('a second run has nothing to wrap and writes nothing', () => {
    const dir = scratch('cursor-mcp.json');
    wrap(['cursor-mcp.json', '--write', '--per-server'], dir);
    const once = readFileSync(join(dir, 'cursor-mcp.json'), 'utf8');
    const { code, err } = wrap(['cursor-mcp.json', '--write', '--per-server'], dir);
    expect(code).toBe(0);
    expect(err).toContain('nothing to wrap');
    expect(readFileSync(join(dir, 'cursor-mcp.json'), 'utf8')).toBe(once);
    expect(readdirSync(dir).sort()).toEqual(['cursor-mcp.json', 'cursor-mcp.json.bak']);
  });

  it('never overwrites an older backup or an existing gateway config', () => {
    const dir = scratch('claude_desktop_config.json');
    writeFileSync(join(dir, 'claude_desktop_config.json.bak'), 'older');
    wrap(['claude_desktop_config.json', '--write', '--per-server'], dir);
    expect(readFileSync(join(dir, 'claude_desktop_config.json.bak'), 'utf8')).toBe('older');
    expect(readdirSync(dir)).toContain('claude_desktop_config.json.bak.1');
    const other = scratch('cursor-mcp.json');
    writeFileSync(join(other, 'res-gateway.json'), '{}');
    expect(() => wrap(['cursor-mcp.json', '--write'], other)).toThrow(/res-gateway\.json exists already; choose another path with --gateway-file/);
    expect(readdirSync(other).sort()).toEqual(['cursor-mcp.json', 'res-gateway.json']);
  });
});

describe('res-proxy wrap refuses what it cannot parse', () => {
  const secret = 'sk-live-DO-NOT-PRINT-0123456789';
  const refused = (text: string): string => {
    const dir = mkdtempSync(join(tmpdir(), 'res-wrap-'));
    writeFileSync(join(dir, 'mcp.json'), text);
    try {
      wrap(['mcp.json', '--write'], dir);
    } catch (error: unknown) {
      expect(error).toBeInstanceOf(ConfigError);
      expect(readdirSync(dir)).toEqual(['mcp.json']);
      const message = (error as Error).message;
      expect(message).not.toContain(secret);
      return message;
    }
    throw new Error('wrap accepted the file');
  };

  it('not JSON: the line and column, never the text', () => {
    expect(refused(`{\n  "mcpServers": {\n    "a": { "command": "x", "env": { "KEY": "${secret}" } },\n  }\n}`)).toBe('mcp.json is not valid JSON (Expected double-quoted property name, line 4, column 3)');
    expect(refused(`{"mcpServers": {"a": {"env": {"KEY": "${secret}`)).toMatch(/^mcp\.json is not valid JSON/);
  });

  it('a bad shape: every field named, no value quoted', () => {
    expect(refused('[]')).toBe('mcp.json: expected a JSON object with "mcpServers"');
    expect(refused('{"servers": {}}')).toBe('mcp.json: expected "mcpServers" to be an object of servers');
    const message = refused(JSON.stringify({
      mcpServers: {
        a: { command: 'x', env: { KEY: 42 } },
        b: { url: `https://user:${secret}@example.com/mcp` },
        c: { url: 'https://example.com/mcp', headers: { Authorization: `Bearer ${secret}\r\nX-Evil: 1` } },
        d: { args: [secret] },
        e: { command: 'x', url: 'https://example.com/mcp' },
      },
    }));
    expect(message.split('\n')).toEqual([
      'mcp.json is not valid:',
      '  mcpServers.a.env.KEY: Invalid input: expected string, received number',
      '  mcpServers.b.url: credentials in the URL are not allowed: put them in "headers"',
      '  mcpServers.c.headers.Authorization: a header value must not contain CR or LF',
      '  mcpServers.d: needs "command" (a stdio server) or "url" (an HTTP server)',
      '  mcpServers.e: give "command" or "url", not both',
    ]);
  });

  it('through the bin: exit code 2 and the message on stderr', () => {
    const dir = mkdtempSync(join(tmpdir(), 'res-wrap-'));
    writeFileSync(join(dir, 'mcp.json'), `{"mcpServers": {"a": {"env": "${secret}"}`);
    const result = spawnSync(process.execPath, [proxyBin, 'wrap', 'mcp.json'], { cwd: dir, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^res-proxy: mcp\.json is not valid JSON/);
    expect(result.stderr).not.toContain(secret);
  });

  it('through the bin: prints the golden output', () => {
    const result = spawnSync(process.execPath, [proxyBin, 'wrap', 'claude_desktop_config.json', '--per-server'], { cwd: fixtures, encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(golden('claude_desktop_config.per-server.golden'));
  });
});
