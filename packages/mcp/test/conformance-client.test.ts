import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// The official conformance suite's client scenarios, run by a client built on ResilientClient and by
// the SDK's own Client (the baseline): ResilientClient must pass exactly what the SDK's client passes.
// With SDK 1.32.2 and suite 0.1.11 the SDK's client passes every check of all of these, the 19 `auth/*`
// scenarios included (its OAuth provider is test/fixtures/conformance-auth.mjs); so must ResilientClient.
const cli = fileURLToPath(new URL('../node_modules/@modelcontextprotocol/conformance/dist/index.js', import.meta.url));
const client = fileURLToPath(new URL('./fixtures/conformance-client.mjs', import.meta.url));
const SCENARIOS = ['initialize', 'tools_call', 'elicitation-sep1034-client-defaults', 'sse-retry'];
const AUTH_SCENARIOS = [
  'metadata-default', 'metadata-var1', 'metadata-var2', 'metadata-var3', 'basic-cimd',
  '2025-03-26-oauth-metadata-backcompat', '2025-03-26-oauth-endpoint-fallback',
  'scope-from-www-authenticate', 'scope-from-scopes-supported', 'scope-omitted-when-undefined', 'scope-step-up', 'scope-retry-limit',
  'token-endpoint-auth-basic', 'token-endpoint-auth-post', 'token-endpoint-auth-none',
  'resource-mismatch', 'pre-registration', 'client-credentials-jwt', 'client-credentials-basic',
].map((name) => `auth/${name}`);

// Each run is two node processes (the suite and the client): at most four runs at a time on a shared machine.
const POOL = 4;
let running = 0;
const waiting: (() => void)[] = [];
async function pooled<T>(work: () => Promise<T>): Promise<T> {
  if (running >= POOL) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** Runs one scenario; resolves with the status of each check, by check id. */
async function run(scenario: string, who: 'sdk' | 'res'): Promise<Record<string, string>> {
  const out = await mkdtemp(join(tmpdir(), 'res-conformance-client-'));
  try {
    const command = `${process.execPath} ${client} ${who}`;
    await promisify(execFile)(process.execPath, [cli, 'client', '--command', command, '--scenario', scenario, '-o', out], { timeout: 60_000, maxBuffer: 256 * 1024 * 1024 }).catch(() => undefined);
    const statuses: Record<string, string> = {};
    // One directory per scenario run (`auth/*` ones one level deeper).
    for (const file of (await readdir(out, { recursive: true })).filter((name) => name.endsWith('checks.json'))) {
      const checks = JSON.parse(await readFile(join(out, file), 'utf8')) as { id: string; status: string }[];
      for (const check of checks) if (check.status !== 'INFO') statuses[check.id] = check.status;
    }
    return statuses;
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

describe('MCP conformance suite (client scenarios)', () => {
  it.concurrent.each([...SCENARIOS, ...AUTH_SCENARIOS])('%s: ResilientClient passes what the SDK client passes', async (scenario) => {
    const [sdk, res] = await Promise.all([pooled(() => run(scenario, 'sdk')), pooled(() => run(scenario, 'res'))]);
    expect(Object.keys(sdk).length).toBeGreaterThan(0);
    expect(res).toEqual(sdk);
    if (scenario.startsWith('auth/')) expect(Object.values(sdk).every((status) => status === 'SUCCESS')).toBe(true); // the measured baseline
  }, 150_000);
});
