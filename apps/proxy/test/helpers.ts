import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { fileURLToPath } from 'node:url';

/** The built res-proxy bin (turbo builds the package before its tests). */
export const proxyBin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

/** An SDK client (the "MCP host") talking to res-proxy over stdio. */
export async function hostClient(args: string[], stderr: string[] = [], env?: Record<string, string>): Promise<Client> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [proxyBin, ...args], stderr: 'pipe', ...(env === undefined ? {} : { env }) });
  transport.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const client = new Client({ name: 'host', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

/** An SDK client talking directly to a server (for comparisons). */
export async function directClient(command: string, args: string[]): Promise<Client> {
  const client = new Client({ name: 'direct', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command, args, stderr: 'ignore' }));
  return client;
}

/** The first text of a tool result. */
export function text(result: unknown): string {
  const content = (result as { content?: { type: string; text?: string }[] }).content ?? [];
  return content.find((item) => item.type === 'text')?.text ?? '';
}
