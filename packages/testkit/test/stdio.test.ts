import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterEach, describe, expect, it } from 'vitest';
import { type StdioServerHandle, stdioServer } from '../src/stdio.js';
import { defaultTools } from '../src/tools.js';
import { bodyOf, connect, expectMcpError, rejectionOf, textOf, until } from './helpers.js';

const handles: StdioServerHandle[] = [];
const clients: Client[] = [];

function serve(...args: Parameters<typeof stdioServer>): StdioServerHandle {
  const handle = stdioServer(...args);
  handles.push(handle);
  return handle;
}

async function spawnClient(handle: StdioServerHandle): Promise<{ client: Client; errors: unknown[] }> {
  const transport = new StdioClientTransport(handle.connect);
  const errors: unknown[] = [];
  transport.onerror = (error) => errors.push(error);
  const client = await connect(transport);
  clients.push(client);
  return { client, errors };
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all(handles.splice(0).map((handle) => handle.dispose()));
});

describe('stdioServer', () => {
  it('describes the child without spawning it', () => {
    const handle = serve();
    expect(handle.connect).toEqual({ command: process.execPath, args: [expect.stringMatching(/dist[/\\]bin\.js$/), '--config', join(handle.dir, 'config.json')] });
    expect(handle.pids()).toEqual([]);
    expect(handle.calls()).toBe(0);
  });

  it('serves the tools as given, with only protocol on stdout', async () => {
    const handle = serve({ name: 'child' });
    const { client, errors } = await spawnClient(handle);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => [tool.name, tool.annotations])).toEqual(defaultTools.map((tool) => [tool.name, tool.annotations]));
    expect(bodyOf(await client.callTool({ name: 'read_item', arguments: { id: 'z' } }))).toEqual({ ok: true, tool: 'read_item', call: 1, args: { id: 'z' } });
    expect(client.getServerVersion()?.name).toBe('child');
    expect(handle.pids()).toHaveLength(1);
    expect(errors).toEqual([]); // a non-JSON line on stdout would show here
  });

  it('sees setFault at run time and reports rpc errors', async () => {
    const handle = serve();
    const { client } = await spawnClient(handle);
    handle.setFault('upsert_item', { type: 'rpc-error', code: -32602, message: 'bad id' });
    await expectMcpError(client.callTool({ name: 'upsert_item', arguments: {} }), -32602);
    handle.setFault('upsert_item', { type: 'fail', message: 'nope' });
    expect(textOf(await client.callTool({ name: 'upsert_item', arguments: {} }))).toBe('nope');
    handle.clearFaults();
    expect((await client.callTool({ name: 'upsert_item', arguments: {} })).isError).toBeUndefined();
    expect(handle.calls('upsert_item')).toBe(3);
  });

  it('crash: -32000, the call is in the ledger, and fail-first resumes in the next child', async () => {
    const handle = serve({ faults: { send_item: { type: 'fail-first', count: 2, fault: { type: 'crash', exitCode: 3 } } } });
    const first = await spawnClient(handle);
    await expectMcpError(first.client.callTool({ name: 'send_item', arguments: {} }), -32000);
    expect(handle.calls('send_item')).toBe(1);
    expect(handle.events()).toContainEqual(expect.objectContaining({ type: 'exit', code: 3 }));
    expect(await rejectionOf(first.client.callTool({ name: 'send_item', arguments: {} }))).toMatchObject({ message: 'Not connected' });

    const second = await spawnClient(handle);
    await expectMcpError(second.client.callTool({ name: 'send_item', arguments: {} }), -32000);
    const third = await spawnClient(handle);
    expect(bodyOf(await third.client.callTool({ name: 'send_item', arguments: {} }))).toMatchObject({ ok: true, call: 3 });
    expect(handle.pids()).toHaveLength(3);
    expect(handle.calls('send_item')).toBe(3);
  });

  it('hang + request timeout: -32001, and the child records the abort', async () => {
    const handle = serve({ faults: { read_item: { type: 'hang' } } });
    const { client } = await spawnClient(handle);
    await expectMcpError(client.callTool({ name: 'read_item', arguments: {} }, undefined, { timeout: 200 }), -32001);
    await until(() => handle.aborts('read_item') === 1);
  });

  it('random faults draw the same sequence in a child as in memory', async () => {
    const fault = { type: 'random', probability: 0.5, seed: 77, fault: { type: 'is-error' } } as const;
    const handle = serve({ faults: { read_item: fault } });
    const { client } = await spawnClient(handle);
    const outcomes: boolean[] = [];
    for (let i = 0; i < 12; i++) outcomes.push((await client.callTool({ name: 'read_item', arguments: {} })).isError === true);
    const events = handle.events().filter((event) => event.type === 'call');
    expect(events.map((event) => event.fault === 'is-error')).toEqual(outcomes);
    expect(outcomes).toContain(true);
    expect(outcomes).toContain(false);
  });

  it('leaves no live child after the client closes, and dispose removes the temp dir', async () => {
    const handle = serve();
    const { client } = await spawnClient(handle);
    await client.callTool({ name: 'read_item', arguments: {} });
    const [pid] = handle.alivePids();
    expect(pid).toBeTypeOf('number');
    const started = Date.now();
    await client.close();
    await until(() => handle.alivePids().length === 0);
    expect(Date.now() - started).toBeLessThan(1500); // the child exits on stdin EOF, not on the SDK's SIGTERM
    expect(handle.events().at(-1)).toMatchObject({ type: 'exit', code: 0, pid });
    await handle.dispose();
    expect(existsSync(handle.dir)).toBe(false);
  });

  it('dispose() stops a child that is still running', async () => {
    const handle = serve();
    await spawnClient(handle);
    expect(handle.alivePids()).toHaveLength(1);
    await handle.dispose();
    expect(handle.alivePids()).toEqual([]);
  });

  it('pids() still names the children after dispose() removed the ledger file', async () => {
    const handle = serve();
    await spawnClient(handle);
    const started = handle.pids();
    await handle.dispose();
    expect(started).toHaveLength(1);
    expect(handle.pids()).toEqual(started);
  });

  it('loads responders from a module', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'respond-'));
    const module = join(dir, 'respond.mjs');
    writeFileSync(module, 'export const respond = { read_item: (args, { call }) => ({ name: `item ${args.id}`, call }) };\n');
    try {
      const handle = serve({ respondModule: module });
      const { client } = await spawnClient(handle);
      expect(bodyOf(await client.callTool({ name: 'read_item', arguments: { id: '7' } }))).toEqual({ name: 'item 7', call: 1 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('res-testkit-server (bin)', () => {
  const bin = (): string => fileURLToPath(new URL('../dist/bin.js', import.meta.url));

  it('takes tools and faults as flags and writes a ledger', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bin-'));
    const ledger = join(dir, 'ledger.jsonl');
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [bin(), '--tool', 'get_domains:read', '--tool', 'send_message', '--fault', 'send_message=fail-first:1:rpc-error:-32603', '--ledger', ledger],
    });
    const client = await connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools).toEqual([
        { name: 'get_domains', inputSchema: { type: 'object', properties: {} }, annotations: { readOnlyHint: true } },
        { name: 'send_message', inputSchema: { type: 'object', properties: {} } },
      ]);
      await expectMcpError(client.callTool({ name: 'send_message', arguments: {} }), -32603);
      expect((await client.callTool({ name: 'send_message', arguments: {} })).isError).toBeUndefined();
    } finally {
      await client.close();
    }
    const { FileLedgerStore } = await import('../src/ledger-store.js');
    const events = new FileLedgerStore(ledger).events();
    expect(events.map((event) => event.type)).toEqual(['start', 'call', 'call', 'exit']);
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints usage and errors to stderr only', () => {
    const help = spawnSync(process.execPath, [bin(), '--help'], { encoding: 'utf8' });
    expect(help.stdout).toBe('');
    expect(help.stderr).toMatch(/^Usage: res-testkit-server/);
    const bad = spawnSync(process.execPath, [bin(), '--fault', 'x=explode'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/unknown kind 'explode'/);
  });
});
