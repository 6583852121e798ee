// A stdio server that cannot start (DESIGN §9, issue 14 item 14): one that exits before answering
// initialize fails the call once — one spawn per call, counted by the breaker, not retried within
// the call (it would only fail the same way) — and says why; a missing command is named. A message
// over the SDK's 10 MB read limit is not retried either: the same request gets the same answer.
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostileStdio } from '@res/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { isMcpFailure, ResilientClient } from '../src/index.js';
import { rejection } from './helpers.js';

let client: ResilientClient | undefined;
afterEach(async () => {
  await client?.close({ graceMs: 0 });
  client = undefined;
});

/** A real command that records each start in `file`, writes a stderr line and exits with code 3. */
function exitsAtOnce(file: string): { command: string; args: string[] } {
  const script = `require('fs').appendFileSync(${JSON.stringify(file)}, 'x'); process.stderr.write('cannot find config\\n'); process.exit(3);`;
  return { command: process.execPath, args: ['-e', script] };
}

describe('a stdio server that cannot start', () => {
  it('exits before initialize: one spawn per call (not one per attempt), the exit code and stderr said, a breaker failure', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'res-start-')), 'starts');
    appendFileSync(file, '');
    client = new ResilientClient({ name: 'bad', connect: { ...exitsAtOnce(file), stderr: 'pipe' }, policy: { maxAttempts: 3, baseDelay: 0, failureThreshold: 5 } });
    const error = await rejection(client.callTool('echo', {}));
    expect(isMcpFailure(error) && error.kind).toBe('transport');
    expect((error as Error).message).toMatch(/exited with code 3/);
    expect((error as Error).message).toMatch(/cannot find config/);
    expect((error as Error).message).toMatch(/not retried/);
    expect(readFileSync(file, 'utf8')).toBe('x');
    await rejection(client.callTool('echo', {}));
    expect(readFileSync(file, 'utf8')).toBe('xx');
    expect(client.health()).toMatchObject({ calls: 2, failures: 2, retries: 0 });
  }, 20_000);

  it('a missing command (a spawn error: no process runs) stays retried, as DESIGN §4 says, and is named', async () => {
    client = new ResilientClient({ name: 'missing', connect: { command: '/nonexistent/cmd', args: [], stderr: 'pipe' }, policy: { maxAttempts: 3, baseDelay: 0 } });
    const error = await rejection(client.callTool('echo', {}));
    expect(isMcpFailure(error) && error.kind).toBe('transport');
    expect((error as Error).message).toMatch(/\/nonexistent\/cmd ENOENT/);
    expect(client.health()).toMatchObject({ calls: 1, failures: 1, retries: 2 });
  }, 20_000);
});

describe('a message over the 10 MB read limit', () => {
  it('is named and not retried, even for a read-only tool', async () => {
    client = new ResilientClient({ name: 'huge', connect: { ...hostileStdio('huge-line'), stderr: 'ignore' }, policy: { maxAttempts: 3, baseDelay: 0, timeout: 8_000 } });
    const error = await rejection(client.callTool('echo', {}));
    expect((error as Error).message).toMatch(/10 MB read limit/);
    expect((error as Error).message).toMatch(/not retried/);
    expect(client.health()).toMatchObject({ calls: 1, retries: 0 });
  }, 40_000);
});
