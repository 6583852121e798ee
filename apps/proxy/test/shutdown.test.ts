// Shutdown that always cleans up (DESIGN §6): the upstream gets SIGTERM at once and SIGKILL within
// 1 s when the proxy stops; a second SIGTERM or SIGINT kills it at once. The upstream here ignores
// stdin EOF and SIGTERM; the host follows what hosts do (EOF, SIGTERM at 2 s, SIGKILL at 3.5 s).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { hostileStdio } from '@res/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { proxyBin } from './helpers.js';

const started: ChildProcessWithoutNullStreams[] = [];
const markers: string[] = [];
afterEach(() => {
  for (const proxy of started.splice(0)) proxy.kill('SIGKILL');
  for (const marker of markers.splice(0)) {
    const pid = pidOf(marker);
    if (pid !== undefined) process.kill(pid, 'SIGKILL');
  }
});

function pidOf(marker: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      // The upstream itself, not the proxy that has the marker in its own command line.
      if (args.includes(marker) && !args.includes(proxyBin)) return Number(entry);
    } catch {
      // gone
    }
  }
  return undefined;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function gone(marker: string, withinMs: number): Promise<number> {
  const from = Date.now();
  while (pidOf(marker) !== undefined) {
    if (Date.now() - from > withinMs) throw new Error(`upstream ${marker} still alive after ${withinMs} ms`);
    await pause(20);
  }
  return Date.now() - from;
}

/** A proxy in front of a stubborn upstream, after one call went through (the upstream is up). */
async function proxyWithStubbornUpstream(): Promise<{ proxy: ChildProcessWithoutNullStreams; marker: string }> {
  const marker = `stubborn-${process.pid}-${Date.now()}-${Math.random()}`;
  markers.push(marker);
  const upstream = hostileStdio('ok', { stubborn: true });
  const proxy = spawn(process.execPath, [proxyBin, '--quiet', '--', upstream.command, ...upstream.args, marker]);
  started.push(proxy);
  let out = '';
  proxy.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const send = (message: object): void => {
    proxy.stdin.write(`${JSON.stringify(message)}\n`);
  };
  send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'host', version: '1' } } });
  send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'echo', arguments: {} } });
  for (let waited = 0; !out.includes('"id":2'); waited += 20) {
    if (waited > 10_000) throw new Error(`no answer from the proxy: ${out}`);
    await pause(20);
  }
  expect(pidOf(marker)).toBeDefined();
  return { proxy, marker };
}

function exited(proxy: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => {
    if (proxy.exitCode !== null) resolve(proxy.exitCode);
    else proxy.once('exit', (code) => { resolve(code); });
  });
}

describe('res-proxy shutdown', () => {
  it("stdin EOF (the host's schedule): an upstream that ignores EOF and SIGTERM is gone within ~1 s", async () => {
    const { proxy, marker } = await proxyWithStubbornUpstream();
    const host = setTimeout(() => proxy.kill('SIGTERM'), 2_000);
    const hard = setTimeout(() => proxy.kill('SIGKILL'), 3_500);
    proxy.stdin.end();
    const ms = await gone(marker, 3_000);
    clearTimeout(host);
    clearTimeout(hard);
    expect(ms).toBeLessThan(1_600);
    expect(await exited(proxy)).toBe(0);
  }, 30_000);

  it('SIGTERM: the stubborn upstream gets SIGKILL within 1 s', async () => {
    const { proxy, marker } = await proxyWithStubbornUpstream();
    proxy.kill('SIGTERM');
    expect(await gone(marker, 3_000)).toBeLessThan(1_600);
    expect(await exited(proxy)).toBe(0);
  }, 30_000);

  it('a second SIGTERM (or SIGINT) while stopping kills the upstream at once', async () => {
    const { proxy, marker } = await proxyWithStubbornUpstream();
    proxy.kill('SIGTERM');
    await pause(100);
    proxy.kill('SIGINT');
    expect(await gone(marker, 3_000)).toBeLessThan(600);
    expect(await exited(proxy)).toBe(0);
  }, 30_000);

  it('a SIGSTOPped upstream is killed too', async () => {
    const { proxy, marker } = await proxyWithStubbornUpstream();
    process.kill(pidOf(marker)!, 'SIGSTOP');
    proxy.stdin.end();
    expect(await gone(marker, 3_000)).toBeLessThan(1_600);
    expect(await exited(proxy)).toBe(0);
  }, 30_000);
});
