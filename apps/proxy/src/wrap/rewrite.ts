import { adapters } from '../adapters.js';
import { ConfigError } from '../config.js';
import type { HostEntry } from '../host-shape.js';
import { isResProxy, recogniseCommand, recogniseUrl } from './recognise.js';

/** Options of {@link wrapHostConfig}. */
export interface WrapOptions {
  /** The command a host runs res-proxy with, e.g. `['npx', '-y', '@res/proxy']`. */
  proxy: readonly string[];
  /** One gateway entry for every server, or one res-proxy per server. */
  mode: 'gateway' | 'per-server';
  /** Gateway mode: the absolute path of the gateway config the host entry points at. */
  gatewayFile: string;
  /** Gateway mode: the name of the gateway entry in the host config. */
  gatewayName: string;
}

/** What {@link wrapHostConfig} made. */
export interface WrapResult {
  /** The host config, rewritten (every other top-level key kept). */
  host: Record<string, unknown>;
  /** Gateway mode: the gateway config (`mcpServers` with a `res` block where a shipped server was recognised). */
  gateway?: Record<string, unknown>;
  /** The servers now behind res, each with the shipped adapter recognised, if any. */
  wrapped: { name: string; server?: string }[];
  /** The servers left as they were, and why. */
  skipped: { name: string; why: string }[];
  /** What a recognised server still needs (its adapter's required credentials missing from `env`). */
  warnings: { name: string; message: string }[];
}

/** The adapter's own check of its credentials, as the wrapped entry would give them (starts nothing). */
function credentialProblem(server: string, entry: HostEntry): string | undefined {
  const create = Object.hasOwn(adapters, server) ? adapters[server] : undefined;
  if (create === undefined) return undefined;
  try {
    void create({ env: (entry.env ?? {}) as Record<string, string>, connect: { url: 'http://127.0.0.1:1/mcp' } }).close();
    return undefined;
  } catch (error: unknown) {
    // The adapters name the missing variables, never a value.
    return (error instanceof Error ? error.message : String(error)).replace(/ \(set them in process\.env[^)]*\)$/, '');
  }
}

function skipReason(entry: HostEntry): string | undefined {
  if (entry.type === 'sse') return 'legacy SSE transport; res speaks stdio and streamable HTTP';
  if (typeof entry.command === 'string' && isResProxy(entry.command, Array.isArray(entry.args) ? (entry.args as string[]) : [])) return 'already runs res-proxy';
  return undefined;
}

function recognise(entry: HostEntry): string | undefined {
  if (typeof entry.url === 'string') return recogniseUrl(entry.url);
  return recogniseCommand(entry.command as string, (entry.args as string[] | undefined) ?? []);
}

/** One entry rewritten to run its own res-proxy in front of the same server. */
function perServer(entry: HostEntry, server: string | undefined, proxy: readonly string[]): Record<string, unknown> {
  const flags = server === undefined ? [] : ['--server', server];
  const { type, ...rest } = entry;
  const typed = type === undefined ? {} : { type: 'stdio' };
  if (typeof rest.url === 'string') {
    const { url, headers, ...others } = rest;
    const headerFlags = Object.entries((headers as Record<string, string> | undefined) ?? {}).flatMap(([name, value]) => ['--header', `${name}: ${value}`]);
    return { ...typed, command: proxy[0], args: [...proxy.slice(1), ...flags, '--url', url, ...headerFlags], ...others };
  }
  const { command, args, ...others } = rest;
  return { ...typed, command: proxy[0], args: [...proxy.slice(1), ...flags, '--', command, ...((args as string[] | undefined) ?? [])], ...others };
}

/**
 * Rewrites a host config so every server goes through res: one gateway entry running
 * `res-proxy --config <gatewayFile>` (the servers move to the gateway config, each with its
 * own `env`), or one res-proxy per server. Shipped servers are recognised by their launch
 * and get `--server NAME` (or `res.server`). Pure: reads and writes nothing.
 *
 * @example const { host, gateway } = wrapHostConfig(config, servers, { proxy: ['npx', '-y', '@res/proxy'], mode: 'gateway', gatewayFile: '/home/me/res-gateway.json', gatewayName: 'res' });
 */
export function wrapHostConfig(config: Record<string, unknown>, servers: readonly [string, HostEntry][], options: WrapOptions): WrapResult {
  const wrapped: WrapResult['wrapped'] = [];
  const skipped: WrapResult['skipped'] = [];
  const warnings: WrapResult['warnings'] = [];
  const kept: [string, unknown][] = [];
  const moved: [string, unknown][] = [];
  for (const [name, entry] of servers) {
    const why = skipReason(entry);
    if (why !== undefined) {
      skipped.push({ name, why });
      kept.push([name, entry]);
      continue;
    }
    const server = recognise(entry);
    wrapped.push(server === undefined ? { name } : { name, server });
    const problem = server === undefined ? undefined : credentialProblem(server, entry);
    if (problem !== undefined) warnings.push({ name, message: `${problem}: add them to the "env" of ${name}` });
    if (options.mode === 'per-server') {
      kept.push([name, perServer(entry, server, options.proxy)]);
    } else {
      const res = typeof entry.res === 'object' && entry.res !== null ? entry.res : {};
      moved.push([name, server === undefined ? entry : { ...entry, res: { server, ...res } }]);
    }
  }
  if (options.mode === 'per-server' || moved.length === 0) {
    return { host: { ...config, mcpServers: Object.fromEntries(kept) }, wrapped, skipped, warnings };
  }
  if (kept.some(([name]) => name === options.gatewayName)) {
    throw new ConfigError(`the host config already has a server named ${JSON.stringify(options.gatewayName)}: pick another gateway entry name with --name`);
  }
  const entry = { command: options.proxy[0], args: [...options.proxy.slice(1), '--config', options.gatewayFile] };
  return {
    host: { ...config, mcpServers: Object.fromEntries([[options.gatewayName, entry], ...kept]) },
    gateway: { mcpServers: Object.fromEntries(moved) },
    wrapped,
    skipped,
    warnings,
  };
}
