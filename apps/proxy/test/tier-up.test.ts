import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { stdioServer, type StdioServerHandle } from '@res/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { BUDGET_ENV, SERVING_INTERRUPT_BUDGET, servingBudget, tuneTierUp } from '../src/tier-up.js';
import { eventually } from './gateway-helpers.js';
import { hostClient, proxyBin, text } from './helpers.js';
import { listeningProxy, type ListeningProxy } from './listen-helpers.js';

describe('servingBudget', () => {
  it.each([
    [{}, SERVING_INTERRUPT_BUDGET],
    [{ [BUDGET_ENV]: '' }, SERVING_INTERRUPT_BUDGET],
    [{ [BUDGET_ENV]: 'default' }, undefined],
    [{ [BUDGET_ENV]: ' default ' }, undefined],
    [{ [BUDGET_ENV]: '4096' }, 4_096],
    [{ [BUDGET_ENV]: '1024' }, 1_024],
  ])('reads %j as %s', (env, budget) => {
    expect(servingBudget(env)).toBe(budget);
  });

  it.each(['lots', '-8192', '8192.5', '1e4', '1023', '1048577', '0x2000'])('refuses %j, naming the variable and the value', (value) => {
    expect(() => servingBudget({ [BUDGET_ENV]: value })).toThrow(`${BUDGET_ENV} must be "default" or an integer from 1024 to 1048576, got ${JSON.stringify(value)}`);
  });
});

describe('tuneTierUp', () => {
  it('sets the flag and says so', () => {
    const set: string[] = [];
    const lines: string[] = [];
    tuneTierUp(4_096, { info: (line) => lines.push(`info ${line}`), error: (line) => lines.push(`error ${line}`) }, (flags) => set.push(flags));
    expect(set).toEqual(['--interrupt-budget=4096']);
    expect(lines).toEqual([`info V8 interrupt budget 4096 from now on (${BUDGET_ENV}=default keeps V8's own)`]);
  });

  it('serves on with V8 defaults when V8 refuses the flag, and logs it as an error', () => {
    const lines: string[] = [];
    const refuse = (): void => {
      throw new Error('flags are frozen');
    };
    expect(() => { tuneTierUp(8_192, { info: (line) => lines.push(`info ${line}`), error: (line) => lines.push(`error ${line}`) }, refuse); }).not.toThrow();
    expect(lines).toEqual(["error could not set V8's interrupt budget, V8's own is kept: flags are frozen"]);
  });
});

let upstream: StdioServerHandle | undefined;
let host: Client | undefined;
let listening: ListeningProxy | undefined;
afterEach(async () => {
  await host?.close();
  await listening?.stop();
  listening = undefined;
  await upstream?.dispose();
  host = undefined;
  upstream = undefined;
});

describe('the bin', () => {
  it('refuses a bad budget before serving anything, with a non-zero exit', () => {
    const result = spawnSync(process.execPath, [proxyBin, '--', process.execPath, '-e', 'setTimeout(() => {}, 200)'], {
      encoding: 'utf8',
      input: '',
      timeout: 10_000,
      env: { ...process.env, [BUDGET_ENV]: 'lots' },
    });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`${BUDGET_ENV} must be "default" or an integer`);
  });

  it.each([
    [undefined, `V8 interrupt budget ${SERVING_INTERRUPT_BUDGET} from now on`],
    ['4096', 'V8 interrupt budget 4096 from now on'],
  ])('with %j, lowers the budget once serving, says so, and relays calls', async (value, line) => {
    upstream = stdioServer();
    const stderr: string[] = [];
    const env: Record<string, string> = { PATH: process.env.PATH ?? '' };
    if (value !== undefined) env[BUDGET_ENV] = value;
    host = await hostClient(['--', upstream.connect.command, ...upstream.connect.args], stderr, env);
    const result = await host.callTool({ name: 'read_item', arguments: { id: '7' } });
    expect(text(result)).toContain('"id":"7"');
    const log = stderr.join('');
    expect(log).toContain(line);
    // Applied after startup: the line comes after the one that says the proxy serves.
    expect(log.indexOf(line)).toBeGreaterThan(log.indexOf('on stdio'));
  }, 20_000);

  it('keeps V8 defaults with "default"', async () => {
    upstream = stdioServer();
    const stderr: string[] = [];
    host = await hostClient(['--', upstream.connect.command, ...upstream.connect.args], stderr, { PATH: process.env.PATH ?? '', [BUDGET_ENV]: 'default' });
    await host.listTools();
    expect(stderr.join('')).toContain('on stdio');
    expect(stderr.join('')).not.toContain('interrupt budget');
  }, 20_000);

  it.each([
    ['--listen', (command: string[]) => ['--', ...command]],
    ['a gateway (--config, --listen)', (command: string[]) => {
      const file = join(mkdtempSync(join(tmpdir(), 'res-tier-')), 'gateway.json');
      writeFileSync(file, JSON.stringify({ mcpServers: { a: { command: command[0], args: command.slice(1) } } }));
      return ['--config', file];
    }],
  ])('lowers the budget once serving with %s too', async (_mode, argsFor) => {
    upstream = stdioServer();
    listening = await listeningProxy(argsFor([upstream.connect.command, ...upstream.connect.args]));
    const log = await eventually(() => {
      const text = listening?.stderr.join('') ?? '';
      if (!text.includes('V8 interrupt budget')) throw new Error('no budget line yet');
      return text;
    });
    expect(log).toContain(`V8 interrupt budget ${SERVING_INTERRUPT_BUDGET} from now on`);
    expect(log.indexOf('V8 interrupt budget')).toBeGreaterThan(log.search(/serving (MCP|\d+ server\(s\)) on http/));
  }, 20_000);
});
