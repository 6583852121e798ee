// A hostile upstream (DESIGN §9) through res-proxy, stdio and HTTP: every call settles within its
// deadline, res_health keeps answering, the proxy's RSS stays under 1 GB, and no secret (env value,
// header value) or forged line reaches the host's answers or the proxy's stderr.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { readdirSync, readFileSync } from 'node:fs';
import { FORGED_LINE, hostileStdio, startHostileHttp, type HostileHttp, type HostileMode } from '@res/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { hostClient, text } from './helpers.js';

const SECRET = 'PROXY-S3CRET-5518';
const RSS_BOUND_KB = 1024 * 1024;
const slow = new Set<HostileMode>(['many-tools', 'flood', 'huge-line', 'huge-error']);
const timeoutFor = (mode: HostileMode): number => (slow.has(mode) ? 8_000 : 1_000);
const CONNECT_TIMEOUT = 2_000;

let host: Client | undefined;
let http: HostileHttp | undefined;
afterEach(async () => {
  await host?.close();
  await http?.close();
  host = undefined;
  http = undefined;
});

function rssKb(client: Client): number {
  const pid = (client.transport as StdioClientTransport | undefined)?.pid;
  const status = readFileSync(`/proc/${String(pid)}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

async function through(mode: HostileMode, upstreamArgs: string[]): Promise<void> {
  const stderr: string[] = [];
  const flags = ['--timeout', String(timeoutFor(mode)), '--connect-timeout', String(CONNECT_TIMEOUT), '--max-attempts', '1'];
  host = await hostClient([...flags, ...upstreamArgs], stderr, { HOSTILE_SECRET: SECRET });
  const started = Date.now();
  let answer: string;
  try {
    answer = JSON.stringify(await host.callTool({ name: 'echo', arguments: {} }, undefined, { timeout: 30_000 }));
  } catch (error: unknown) {
    answer = (error as Error).message;
  }
  expect(Date.now() - started).toBeLessThan(CONNECT_TIMEOUT + timeoutFor(mode) + 2_000);
  const health = text(await host.callTool({ name: 'res_health', arguments: {} }, undefined, { timeout: 5_000 }));
  expect(JSON.parse(health)).toMatchObject({ calls: 1 });
  expect(rssKb(host)).toBeLessThan(RSS_BOUND_KB);
  await host.close();
  host = undefined;
  const log = stderr.join('');
  for (const output of [answer, health, log]) expect(output).not.toContain(SECRET);
  for (const line of log.split('\n')) expect(line.startsWith(FORGED_LINE.slice(0, 10))).toBe(false);
  for (const line of log.split('\n')) expect(line.length).toBeLessThan(1_200);
}

const stdioModes: HostileMode[] = ['ok', 'wrong-ids', 'flood', 'huge-line', 'invalid-json', 'no-initialize', 'many-tools', 'endless-pages', 'deep-json', 'huge-error', 'multiline-error', 'echo-headers'];

describe('a hostile stdio upstream through res-proxy', () => {
  for (const mode of stdioModes) {
    it(mode, async () => {
      const upstream = hostileStdio(mode);
      await through(mode, ['--', upstream.command, ...upstream.args]);
    }, 40_000);
  }
});

const httpModes: HostileMode[] = ['ok', 'wrong-ids', 'flood', 'no-initialize', 'endless-pages', 'deep-json', 'huge-error', 'multiline-error', 'echo-headers'];

describe('a hostile HTTP upstream through res-proxy', () => {
  for (const mode of httpModes) {
    it(mode, async () => {
      http = await startHostileHttp(mode);
      await through(mode, ['--url', http.url, '--header', `Authorization: Bearer ${SECRET}`]);
    }, 40_000);
  }
});

describe('a bad upstream command through res-proxy', () => {
  it('says how the upstream exited (code, last stderr lines), with its secrets redacted everywhere', async () => {
    const stderr: string[] = [];
    const upstream = hostileStdio('ok', { exitCode: 3 });
    host = await hostClient(['--max-attempts', '1', '--', upstream.command, ...upstream.args], stderr, { HOSTILE_SECRET: SECRET });
    const answer = await host.callTool({ name: 'echo', arguments: {} }, undefined, { timeout: 15_000 });
    expect(answer.isError).toBe(true);
    expect(text(answer)).toMatch(/exited with code 3; its last stderr lines: .*cannot start, giving up/);
    const health = text(await host.callTool({ name: 'res_health', arguments: {} }));
    expect(health).toMatch(/exited with code 3/);
    await host.close();
    host = undefined;
    const log = stderr.join('');
    expect(log).toContain('hostile: token [redacted]'); // the upstream's own stderr, forwarded line by line
    for (const output of [text(answer), health, log]) expect(output).not.toContain(SECRET);
  }, 30_000);
});

describe('a hang right after list_changed (issue 14, item 12)', () => {
  it('takes one timeout, not two: the listing a call needs runs inside its deadline', async () => {
    const marker = `item12-${process.pid}-${Date.now()}`;
    const upstream = hostileStdio('ok', { listChanged: true });
    host = await hostClient(['--timeout', '1000', '--max-attempts', '1', '--failure-threshold', '100', '--', upstream.command, ...upstream.args, marker]);
    // The first call lists the tools; the upstream then says its list changed, so the next call lists again.
    expect((await host.callTool({ name: 'echo', arguments: {} })).isError).toBeUndefined();
    const pid = pidOf(marker);
    expect(pid).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 100)); // the list_changed notification arrives
    process.kill(pid ?? 0, 'SIGSTOP');
    const started = Date.now();
    const answer = await host.callTool({ name: 'echo', arguments: {} }, undefined, { timeout: 10_000 });
    expect(answer.isError).toBe(true);
    expect(Date.now() - started).toBeLessThan(1_600);
  }, 30_000);
});

/** The pid of the upstream started with this marker argument (Linux /proc), not the proxy's. */
function pidOf(marker: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (args.includes(marker) && args[1]?.endsWith('hostile/main.js') === true) return Number(entry);
    } catch {
      // gone
    }
  }
  return undefined;
}
