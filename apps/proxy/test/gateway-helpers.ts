import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { parseGatewayConfig } from '../src/gateway/config.js';
import { createGatewayServer } from '../src/gateway/gateway-server.js';
import { Namespace } from '../src/gateway/names.js';
import { Registry, type RegistryOptions } from '../src/gateway/registry.js';
import type { Logger } from '../src/log.js';

/** A logger that keeps its lines for assertions. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(`info ${m}`), error: (m) => lines.push(`error ${m}`) };
}

/** A gateway in this process, reached by an SDK host over an in-memory pair. */
export async function inProcessGateway(mcpServers: Record<string, unknown>, options: Partial<RegistryOptions> = {}, names = new Namespace()) {
  const logger = memoryLogger();
  const registry = new Registry(parseGatewayConfig({ mcpServers }, 'gateway.json'), { logger, listTimeout: 1_500, ...options });
  registry.start();
  const server = createGatewayServer({ registry, names, logger });
  const host = new Client({ name: 'host', version: '1.0.0' });
  let listChanged = 0;
  host.setNotificationHandler(ToolListChangedNotificationSchema, () => {
    listChanged++;
  });
  const [hostSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  await host.connect(hostSide);
  return {
    registry,
    host,
    logger,
    listChanged: () => listChanged,
    toolNames: async () => (await host.listTools()).tools.map((tool) => tool.name).sort(),
    close: async () => {
      await host.close();
      await registry.close();
    },
  };
}

/** Polls until `check` holds (real processes take their time); fails after `ms`. */
export async function eventually<T>(check: () => Promise<T> | T, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      return await check();
    } catch (error: unknown) {
      last = error;
    }
    if (Date.now() > until) throw last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The first text of a tool result. */
export function textOf(result: unknown): string {
  const content = (result as { content?: { type: string; text?: string }[] }).content ?? [];
  return content.find((item) => item.type === 'text')?.text ?? '';
}
