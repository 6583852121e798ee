// A bad upstream command through res-proxy (DESIGN §9, issue 14 item 14): it must not look like a
// working server with one tool. While the upstream has never come up, tools/list's res_health says
// why in its description; a call answers the exit code and stderr; each request starts the command
// once (not once per retry attempt).
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hostClient, text } from './helpers.js';

let host: Client | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

/** A real command that records each start in `file`, writes a stderr line and exits with code 3. */
function exitsAtOnce(file: string): string[] {
  const script = `require('fs').appendFileSync(${JSON.stringify(file)}, 'x'); process.stderr.write('cannot find config\\n'); process.exit(3);`;
  return [process.execPath, '-e', script];
}

const starts = (file: string): number => readFileSync(file, 'utf8').length;

describe('a bad upstream command through res-proxy', () => {
  it('exits at once: res_health in tools/list names the failure, a call says the exit code, one start per request', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'res-bad-')), 'starts');
    appendFileSync(file, '');
    host = await hostClient(['--max-attempts', '3', '--', ...exitsAtOnce(file)]);
    const before = starts(file);
    const { tools } = await host.listTools();
    expect(starts(file) - before).toBe(1);
    expect(tools.map((tool) => tool.name)).toEqual(['res_health']);
    expect(tools[0]?.description).toMatch(/has not come up/);
    expect(tools[0]?.description).toMatch(/exited with code 3/);
    expect(tools[0]?.description).toMatch(/cannot find config/);
    const beforeCall = starts(file);
    const answer = await host.callTool({ name: 'echo', arguments: {} }, undefined, { timeout: 15_000 });
    expect(starts(file) - beforeCall).toBe(1);
    expect(answer.isError).toBe(true);
    expect(text(answer)).toMatch(/before answering initialize, the server process exited with code 3/);
    expect(text(answer)).toMatch(/not retried/);
  }, 30_000);

  it('a missing command: res_health in tools/list names it, a call says it', async () => {
    host = await hostClient(['--', '/nonexistent/cmd']);
    const { tools } = await host.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(['res_health']);
    expect(tools[0]?.description).toMatch(/has not come up.*\/nonexistent\/cmd ENOENT/);
    const answer = await host.callTool({ name: 'echo', arguments: {} }, undefined, { timeout: 15_000 });
    expect(answer.isError).toBe(true);
    expect(text(answer)).toMatch(/ENOENT/);
    expect(JSON.parse(text(await host.callTool({ name: 'res_health', arguments: {} })))).toMatchObject({ connected: false });
  }, 30_000);
});
