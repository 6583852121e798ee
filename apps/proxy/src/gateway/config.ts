import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { adapters } from '../adapters.js';
import { ConfigError, proxyConfigSchema } from '../config.js';
import { entryProblems, issueLines, parseJson } from '../host-shape.js';

/** The optional `res` block of a gateway server: what res-proxy's own options say for one server. */
export const resBlockSchema = z.strictObject({
  server: proxyConfigSchema.shape.server,
  preset: proxyConfigSchema.shape.preset,
  policy: proxyConfigSchema.shape.policy,
  tools: proxyConfigSchema.shape.tools,
});

/** A server's `res` block, validated. */
export type ResBlock = z.infer<typeof resBlockSchema>;

/** How the gateway reaches a server. */
export type GatewayConnect =
  | { command: string; args: string[]; env: Record<string, string>; cwd?: string }
  | { url: string; headers: Record<string, string> };

/** One server of the gateway: ready to build, or misconfigured (the others still start). */
export type GatewayServerConfig =
  | { name: string; ok: true; connect: GatewayConnect; env: Record<string, string>; res: ResBlock }
  | { name: string; ok: false; problems: string[] };

/** A server name is a prefix of tool names: letters, digits, `_`, `-`, `.` (what MCP tool names allow). */
const SERVER_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

function resProblems(name: string, value: unknown): string[] {
  if (value === undefined) return [];
  const parsed = resBlockSchema.safeParse(value);
  if (!parsed.success) return issueLines(parsed.error.issues, `mcpServers.${name}.res`);
  const server = parsed.data.server;
  if (server !== undefined && !Object.hasOwn(adapters, server)) {
    return [`  mcpServers.${name}.res.server: must be one of ${Object.keys(adapters).join(', ')}`];
  }
  return [];
}

function serverConfig(name: string, value: unknown): GatewayServerConfig {
  const problems = SERVER_NAME.test(name) ? entryProblems(name, value) : [`  mcpServers.${name}: a gateway server name may use letters, digits, '_', '-' and '.' (up to 64): it prefixes tool names`];
  const entry = value as Record<string, unknown>;
  if (problems.length === 0) problems.push(...resProblems(name, entry.res));
  if (problems.length > 0) return { name, ok: false, problems };
  const res = (entry.res ?? {}) as ResBlock;
  const env = (entry.env ?? {}) as Record<string, string>;
  const connect: GatewayConnect =
    typeof entry.url === 'string'
      ? { url: entry.url, headers: (entry.headers ?? {}) as Record<string, string> }
      : { command: entry.command as string, args: (entry.args ?? []) as string[], env, ...(typeof entry.cwd === 'string' ? { cwd: entry.cwd } : {}) };
  return { name, ok: true, connect, env, res };
}

/**
 * Reads a gateway config: the hosts' own `{ "mcpServers": { … } }` shape plus an optional
 * `res` block per server (`server`, `preset`, `policy`, `tools`). A server with a bad entry is
 * returned as misconfigured (its problems name each field, never a value) so the others still
 * start; entries with `"disabled": true` are left out. A file that is not such an object throws
 * `ConfigError`.
 *
 * @example const servers = parseGatewayConfig(JSON.parse(text), 'gateway.json');
 */
export function parseGatewayConfig(value: unknown, source: string): GatewayServerConfig[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(`${source}: expected a JSON object with "mcpServers"`);
  const servers: unknown = (value as Record<string, unknown>).mcpServers;
  if (!Object.hasOwn(value, 'mcpServers') || typeof servers !== 'object' || servers === null || Array.isArray(servers)) {
    throw new ConfigError(`${source}: expected "mcpServers" to be an object of servers`);
  }
  return Object.entries(servers)
    .filter(([, entry]) => !(typeof entry === 'object' && entry !== null && (entry as Record<string, unknown>).disabled === true))
    .map(([name, entry]) => serverConfig(name, entry));
}

/**
 * Reads and parses a gateway config file (see {@link parseGatewayConfig}).
 *
 * @example const servers = readGatewayConfig('./gateway.json');
 */
export function readGatewayConfig(path: string): GatewayServerConfig[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error: unknown) {
    throw new ConfigError(`cannot read --config ${path}: ${error instanceof Error && 'code' in error ? String(error.code) : 'unreadable'}`);
  }
  return parseGatewayConfig(parseJson(text, path), path);
}

/**
 * Whether a `--config` file is a gateway config (it has `mcpServers`) rather than a single-server `res.json`.
 *
 * @example if (isGatewayConfig(JSON.parse(text))) startGateway(...);
 */
export function isGatewayConfig(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, 'mcpServers');
}
