import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('./fixtures/soak.mjs', import.meta.url));

describe('soak', () => {
  it('keeps memory flat over 20,000 calls with faults and reconnects, and leaves no timer behind', () => {
    const run = spawnSync(process.execPath, ['--expose-gc', script, '10', '2000'], { encoding: 'utf8', timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const rounds = lines.filter((line) => 'round' in line) as { round: number; heapUsed: number; calls: number }[];
    expect(rounds).toHaveLength(10);
    expect(rounds.at(-1)?.calls).toBe(20_000);
    // After warm-up (round 3), the heap may move with V8's own bookkeeping but must not grow with calls.
    const warm = rounds[2]?.heapUsed ?? 0;
    const last = rounds.at(-1)?.heapUsed ?? 0;
    expect(last - warm).toBeLessThan(1024 * 1024);
    expect(lines.at(-1)).toMatchObject({ done: true, active: [] });
  }, 150_000);
});
