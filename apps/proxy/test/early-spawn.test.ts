// The upstream starts before the proxy's modules load (bin.ts → early-spawn.ts), is the process the
// session then uses, and is gone when the proxy stops — also when the host never sent `initialize`.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { hostileStdio } from '@res/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { proxyBin } from './helpers.js';

const started: ChildProcessWithoutNullStreams[] = [];
const markers: string[] = [];
afterEach(() => {
  for (const proxy of started.splice(0)) proxy.kill('SIGKILL');
  for (const marker of markers.splice(0)) for (const pid of pidsOf(marker)) process.kill(pid, 'SIGKILL');
});

/** The upstream processes carrying `marker` (not the proxy, which has it in its own command line). */
function pidsOf(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (args.includes(marker) && !args.includes(proxyBin)) pids.push(Number(entry));
    } catch {
      // gone
    }
  }
  return pids;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => boolean, withinMs = 10_000): Promise<void> {
  for (let waited = 0; !check(); waited += 20) {
    if (waited > withinMs) throw new Error(`timed out waiting for ${what}`);
    await pause(20);
  }
}

function exited(proxy: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => {
    if (proxy.exitCode !== null || proxy.signalCode !== null) resolve(proxy.exitCode);
    else proxy.once('exit', (code) => { resolve(code); });
  });
}

/** A proxy in front of a hostile upstream tagged with a fresh marker; nothing sent yet. */
function startProxy(flags: string[], options: { stubborn?: boolean } = {}): { proxy: ChildProcessWithoutNullStreams; marker: string; out: () => string } {
  const marker = `early-${process.pid}-${Date.now()}-${Math.random()}`;
  markers.push(marker);
  const upstream = hostileStdio('ok', options);
  const proxy = spawn(process.execPath, [proxyBin, ...flags, '--', upstream.command, ...upstream.args, marker]);
  started.push(proxy);
  let out = '';
  proxy.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  proxy.stderr.resume();
  return { proxy, marker, out: () => out };
}

const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'host', version: '1' } } };

describe('res-proxy starts its upstream early', () => {
  it('runs the upstream before the host says anything, and the session uses that process (no second spawn)', async () => {
    const { proxy, marker, out } = startProxy(['--quiet']);
    await until('the early upstream', () => pidsOf(marker).length === 1);
    const [early] = pidsOf(marker);
    const send = (message: object): void => {
      proxy.stdin.write(`${JSON.stringify(message)}\n`);
    };
    send(initialize);
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'echo', arguments: { text: 'hi' } } });
    await until('the call answered', () => out().includes('"id":2'));
    expect(pidsOf(marker)).toEqual([early]);
    proxy.stdin.end();
    expect(await exited(proxy)).toBe(0);
    await until('the upstream gone', () => pidsOf(marker).length === 0, 3_000);
  }, 30_000);

  it('stdin closed before initialize: the proxy exits and the early upstream is gone', async () => {
    const { proxy, marker } = startProxy(['--quiet']);
    await until('the early upstream', () => pidsOf(marker).length === 1);
    await pause(500); // let the proxy finish loading: the session owns the child now
    proxy.stdin.end();
    expect(await exited(proxy)).toBe(0);
    await until('the upstream gone', () => pidsOf(marker).length === 0, 3_000);
  }, 30_000);

  it('SIGTERM before initialize: an early upstream that ignores EOF and SIGTERM is still killed within ~1 s', async () => {
    const { proxy, marker } = startProxy(['--quiet'], { stubborn: true });
    await until('the early upstream', () => pidsOf(marker).length === 1);
    await pause(500);
    const from = Date.now();
    proxy.kill('SIGTERM');
    await exited(proxy);
    await until('the upstream gone', () => pidsOf(marker).length === 0, 3_000);
    expect(Date.now() - from).toBeLessThan(3_000);
  }, 30_000);

  it('SIGTERM at once (while the proxy is still loading): the early upstream is killed with it', async () => {
    const { proxy, marker } = startProxy(['--quiet'], { stubborn: true });
    await until('the early upstream', () => pidsOf(marker).length === 1);
    proxy.kill('SIGTERM');
    await exited(proxy);
    await until('the upstream gone', () => pidsOf(marker).length === 0, 3_000);
  }, 30_000);

  it('a bad flag: the proxy exits with an error and the upstream it started early is gone', async () => {
    const { proxy, marker } = startProxy(['--timeout', 'soon']);
    expect(await exited(proxy)).not.toBe(0);
    await until('the upstream gone', () => pidsOf(marker).length === 0, 3_000);
  }, 30_000);
});
