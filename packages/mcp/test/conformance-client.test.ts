import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// The official conformance suite's client scenarios, run by a client built on ResilientClient and by
// the SDK's own Client (the baseline): ResilientClient must pass exactly what the SDK's client passes.
const cli = fileURLToPath(new URL('../node_modules/@modelcontextprotocol/conformance/dist/index.js', import.meta.url));
const client = fileURLToPath(new URL('./fixtures/conformance-client.mjs', import.meta.url));
const SCENARIOS = ['initialize', 'tools_call', 'elicitation-sep1034-client-defaults', 'sse-retry'];

/** Runs one scenario; resolves with the status of each check, by check id. */
async function run(scenario: string, who: 'sdk' | 'res'): Promise<Record<string, string>> {
  const out = await mkdtemp(join(tmpdir(), 'res-conformance-client-'));
  try {
    const command = `${process.execPath} ${client} ${who}`;
    await promisify(execFile)(process.execPath, [cli, 'client', '--command', command, '--scenario', scenario, '-o', out], { timeout: 60_000, maxBuffer: 256 * 1024 * 1024 }).catch(() => undefined);
    const statuses: Record<string, string> = {};
    for (const dir of await readdir(out)) {
      const checks = JSON.parse(await readFile(join(out, dir, 'checks.json'), 'utf8')) as { id: string; status: string }[];
      for (const check of checks) if (check.status !== 'INFO') statuses[check.id] = check.status;
    }
    return statuses;
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

describe('MCP conformance suite (client scenarios)', () => {
  it.each(SCENARIOS)('%s: ResilientClient passes what the SDK client passes', async (scenario) => {
    const [sdk, res] = await Promise.all([run(scenario, 'sdk'), run(scenario, 'res')]);
    expect(Object.keys(sdk).length).toBeGreaterThan(0);
    expect(res).toEqual(sdk);
  }, 90_000);
});
