// The README's example runs as written, against a Redis of the test's own.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startRedis, type RedisServer } from './support/redis-server.mjs';

let server: RedisServer;
beforeAll(async () => {
  server = await startRedis();
});
afterAll(async () => {
  await server.stop();
});

it('examples/fleet.mjs opens both replicas after 4 failures in all, probes once and shares a rate limit', async () => {
  const script = fileURLToPath(new URL('../examples/fleet.mjs', import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, [script], { env: { ...process.env, REDIS_URL: server.url }, timeout: 10_000 });
  expect(stdout).toContain('requests that reached billing: 4');
  expect(stdout).toMatch(/invoice, BrokenCircuitError|BrokenCircuitError, invoice/);
  expect(stdout).toContain('states: closed, closed');
  expect(stdout).toMatch(/ok, ok, ok, wait \d+ ms, wait \d+ ms, wait \d+ ms/);
});
