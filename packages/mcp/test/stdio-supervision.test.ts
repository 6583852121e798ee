// The process behind a stdio connection (DESIGN §6, §9): stopped at once on close (SIGKILL within 1 s
// even when it ignores EOF and SIGTERM, or is SIGSTOPped), replaced after timeouts in a row, and
// reported with its exit code and stderr when it dies.
import { readdirSync, readFileSync } from 'node:fs';
import { hostileStdio, stdioServer, type StdioServerHandle } from '@res/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { isMcpFailure, ResilientClient } from '../src/index.js';
import { rejection } from './helpers.js';

let upstream: StdioServerHandle | undefined;
let client: ResilientClient | undefined;
afterEach(async () => {
  await client?.close({ graceMs: 0 });
  await upstream?.dispose();
  client = undefined;
  upstream = undefined;
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('stdio server processes', () => {
  it('a hung (SIGSTOPped) server: the listing a call needs runs inside the call deadline, and after 2 timeouts in a row the process is replaced', async () => {
    upstream = stdioServer();
    client = new ResilientClient({ name: 'hung', connect: { ...upstream.connect, stderr: 'ignore' }, policy: { timeout: 1_000, maxAttempts: 1, failureThreshold: 100 } });
    await client.ping();
    const [first] = upstream.alivePids();
    expect(first).toBeDefined();
    process.kill(first!, 'SIGSTOP');
    const started = Date.now();
    const error = await rejection(client.callTool('read_item', { id: '1' }));
    expect(Date.now() - started).toBeLessThan(1_500); // not listing timeout + call timeout
    expect(isMcpFailure(error) && error.kind).toBe('timeout');
    await rejection(client.callTool('read_item', { id: '1' }));
    // Two timeouts in a row: the stuck process is killed (SIGKILL within 1 s) and the next attempt respawns it.
    for (let waited = 0; alive(first!) && waited < 2_000; waited += 50) await pause(50);
    expect(alive(first!)).toBe(false);
    const result = await client.callTool('read_item', { id: '2' });
    expect(result.isError).toBeUndefined();
    expect(upstream.pids().length).toBe(2);
  }, 20_000);

  it('close() stops a server that ignores stdin EOF and SIGTERM: SIGKILL within 1 s', async () => {
    const marker = `stubborn-${process.pid}-${Date.now()}`;
    client = new ResilientClient({ name: 'stubborn', connect: { ...hostileStdio('ok', { stubborn: true }), args: [...hostileStdio('ok', { stubborn: true }).args, marker], stderr: 'ignore' } });
    await client.callTool('echo', {});
    const pid = pidOf(marker);
    expect(pid).toBeDefined();
    const started = Date.now();
    await client.close();
    expect(Date.now() - started).toBeLessThan(1_600);
    expect(alive(pid!)).toBe(false);
  }, 20_000);

  it('close() stops a SIGSTOPped server too; a second close with graceMs 0 kills at once', async () => {
    const marker = `stopped-${process.pid}-${Date.now()}`;
    client = new ResilientClient({ name: 'stopped', connect: { ...hostileStdio('ok'), args: [...hostileStdio('ok').args, marker], stderr: 'ignore' } });
    await client.callTool('echo', {});
    const pid = pidOf(marker)!;
    process.kill(pid, 'SIGSTOP');
    const started = Date.now();
    const first = client.close();
    await pause(50);
    await client.close({ graceMs: 0 });
    await first;
    expect(Date.now() - started).toBeLessThan(600);
    expect(alive(pid)).toBe(false);
  }, 20_000);

  it('a command that exits at once says so: its exit code and the last stderr lines, secrets redacted', async () => {
    const secret = 'EXIT-S3CRET-771199';
    client = new ResilientClient({
      name: 'bad',
      connect: { ...hostileStdio('ok', { exitCode: 3 }), env: { HOSTILE_SECRET: secret }, stderr: 'pipe' },
      policy: { maxAttempts: 1 },
    });
    const error = await rejection(client.callTool('echo', {}));
    const message = (error as Error).message;
    expect(isMcpFailure(error) && error.kind).toBe('transport');
    expect(message).toMatch(/exited with code 3/);
    expect(message).toMatch(/cannot start, giving up/);
    expect(message).not.toContain(secret);
    expect(JSON.stringify(client.health())).not.toContain(secret);
  }, 20_000);
});

/** The pid of the hostile child started with this marker argument (Linux /proc). */
function pidOf(marker: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes(marker)) return Number(entry);
    } catch {
      // gone
    }
  }
  return undefined;
}
