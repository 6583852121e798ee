/**
 * Process-level behaviour of timers (DESIGN §3), with real timers and real child
 * processes running the built package (turbo builds it before the tests).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function runScript(name: string): Promise<Run> {
  const script = fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // A safety net far below the breaker's 60 s: a hung child fails the test, not the run.
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
}

beforeAll(() => {
  const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
  if (!existsSync(dist)) throw new Error(`${dist} is missing: build @res/core first (turbo does it before test)`);
});

describe('timers and the life of the process', () => {
  it('a process holding an open breaker (recoveryTimeout 60 s) exits on its own at once', async () => {
    const run = await runScript('open-breaker.mjs');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ state: 'open' });
    expect(run.ms).toBeLessThan(10_000);
  }, 20_000);

  it('a process whose only pending work is a retry backoff waits for the retry and prints its result', async () => {
    const run = await runScript('retry-sleep.mjs');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.stdout) as { result: string; calls: number; elapsed: number };
    expect(printed).toMatchObject({ result: 'second attempt ok', calls: 2 });
    expect(printed.elapsed).toBeGreaterThanOrEqual(295); // timers may fire a hair early on some clocks
    expect(run.ms).toBeGreaterThanOrEqual(300);
  }, 20_000);

  it('a process whose hedged call settled before its hedge delay (60 s) exits at once', async () => {
    const run = await runScript('hedge-done.mjs');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ result: 'fast', stats: { calls: 1, hedges: 0 } });
    expect(run.ms).toBeLessThan(10_000);
  }, 20_000);
});
