// A server process started before its client (res-proxy starts its upstream before its modules load):
// the next stdio connect with the same command and arguments adopts it instead of spawning.
import { spawn } from 'node:child_process';
import { stdioServer, type StdioServerHandle } from '@res/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { offerSpawnedChild, ResilientClient, type SpawnedChild } from '../src/index.js';
import { fastPolicy, rejection } from './helpers.js';

let server: StdioServerHandle | undefined;
const clients: ResilientClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await server?.dispose();
  server = undefined;
});

function early(command: string, args: readonly string[]): SpawnedChild {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const state: SpawnedChild = { process: child, command, args, spawned: false, error: undefined, closed: false };
  child.once('spawn', () => (state.spawned = true));
  child.on('error', (error) => (state.error ??= error));
  child.once('close', () => (state.closed = true));
  return state;
}

function client(connect: { command: string; args?: string[] }): ResilientClient {
  const made = new ResilientClient({ name: 'child', connect: { ...connect, stderr: 'pipe' }, preset: 'local', policy: fastPolicy });
  clients.push(made);
  return made;
}

/** Until the process started or failed to. */
function settle(child: SpawnedChild): Promise<void> {
  return new Promise((resolve) => {
    if (child.spawned || child.error !== undefined) resolve();
    child.process.once('spawn', () => { resolve(); });
    child.process.once('error', () => { resolve(); });
  });
}

describe('offerSpawnedChild', () => {
  it('the first connect with the same command and arguments uses the running process; later ones spawn', async () => {
    server = stdioServer();
    const child = early(server.connect.command, server.connect.args);
    const withdraw = offerSpawnedChild(child);
    await settle(child);
    const upstream = client(server.connect);
    expect((await upstream.callTool('read_item', { id: '1' })).isError).toBeUndefined();
    expect(server.pids()).toEqual([child.process.pid]);
    expect(withdraw()).toBeUndefined(); // taken: the client owns it (and stops it on close)
    await upstream.close();
    expect(child.process.exitCode !== null || child.process.signalCode !== null).toBe(true);
  }, 15_000);

  it('a connect with other arguments does not take it; withdraw() gives it back to stop', async () => {
    server = stdioServer();
    const child = early(server.connect.command, [...(server.connect.args), '--other']);
    const withdraw = offerSpawnedChild(child);
    const upstream = client(server.connect);
    await upstream.callTool('read_item', { id: '1' });
    expect(server.pids()).not.toContain(child.process.pid);
    expect(withdraw()).toBe(child);
    child.process.kill('SIGKILL');
  }, 15_000);

  it('a process that could not start (ENOENT) fails the connect as a fresh spawn would', async () => {
    const command = `/nonexistent/res-missing-${process.pid}`;
    const fresh = await rejection(client({ command }).callTool('x', {}));
    const child = early(command, []);
    await settle(child);
    offerSpawnedChild(child);
    const adopted = await rejection(client({ command }).callTool('x', {}));
    expect(adopted).toMatchObject({ kind: (fresh as { kind: string }).kind, message: (fresh as Error).message });
  }, 15_000);

  it('a process that already exited is reported with its exit code, like one that exits after spawning', async () => {
    const child = early(process.execPath, ['-e', 'process.exit(3)']);
    await new Promise((resolve) => child.process.once('close', resolve));
    offerSpawnedChild(child);
    const error = await rejection(client({ command: process.execPath, args: ['-e', 'process.exit(3)'] }).callTool('x', {}));
    expect((error as Error).message).toContain('exited with code 3');
  }, 15_000);
});
