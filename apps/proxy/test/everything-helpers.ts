import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  LoggingMessageNotificationSchema,
  ResourceUpdatedNotificationSchema,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { proxyBin } from './helpers.js';
import { listeningProxy, type ListeningProxy } from './listen-helpers.js';

// Shared by the server-everything tests over streamable HTTP and behind `--listen`.

/** server-everything's stdio entry point. */
export const everythingStdio = fileURLToPath(new URL('../node_modules/@modelcontextprotocol/server-everything/dist/index.js', import.meta.url));
const launcher = fileURLToPath(new URL('./fixtures/everything-http.mjs', import.meta.url));

/** An SDK host that samples, elicits and lists roots, and what it heard. */
export interface Host {
  client: Client;
  /** The res-proxy child when the host talks to it over `--listen`. */
  proxy?: ListeningProxy;
  /** The stdio transport to res-proxy when the host talks to it over stdio (its `pid` is res-proxy's). */
  transport?: StdioClientTransport;
  logs: string[];
  updated: string[];
  listChanged: number;
  sampled: number;
  elicited: number;
}

/** How the host reaches res-proxy: its stdio, or its `--listen` HTTP front. */
export type Front = 'stdio' | 'http';

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Starts server-everything over streamable HTTP on 127.0.0.1:port; resolves once it listens. */
export async function startEverything(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [launcher], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, PORT: String(port) } });
  let said = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      if (said.includes('listening on port')) resolve();
    });
    child.once('exit', (code) => {
      reject(new Error(`server-everything exited (${String(code)}): ${said}`));
    });
  });
  return child;
}

export async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/** A host connected to `res-proxy <args>` through `front`. */
export async function connectHost(front: Front, args: string[]): Promise<Host> {
  const client = new Client({ name: 'host', version: '1.0.0' }, { capabilities: { sampling: {}, elicitation: { form: {} }, roots: { listChanged: true } } });
  const state: Host = { client, logs: [], updated: [], listChanged: 0, sampled: 0, elicited: 0 };
  client.setRequestHandler(CreateMessageRequestSchema, () => {
    state.sampled++;
    return { role: 'assistant', content: { type: 'text', text: 'sampled by the host' }, model: 'test-model', stopReason: 'endTurn' };
  });
  client.setRequestHandler(ElicitRequestSchema, () => {
    state.elicited++;
    return { action: 'accept', content: { color: 'blue' } };
  });
  client.setRequestHandler(ListRootsRequestSchema, () => ({ roots: [{ uri: 'file:///work', name: 'work' }] }));
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
    state.logs.push(String(n.params.data));
  });
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
    state.updated.push(n.params.uri);
  });
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
    state.listChanged++;
  });
  if (front === 'stdio') {
    state.transport = new StdioClientTransport({ command: process.execPath, args: [proxyBin, '--quiet', ...args], stderr: 'ignore' });
    await client.connect(state.transport);
  } else {
    state.proxy = await listeningProxy(args);
    await client.connect(new StreamableHTTPClientTransport(new URL(state.proxy.url)));
  }
  return state;
}

/** Closes a host and the res-proxy child it talks to over HTTP. */
export async function closeHost(host: Host | undefined): Promise<void> {
  await host?.client.close();
  await host?.proxy?.stop();
}
