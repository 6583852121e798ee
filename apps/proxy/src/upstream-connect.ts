// The upstream without an adapter: what a plain `res-proxy -- COMMAND` needs, without loading the nine adapters.
import { createRedactor, ResilientClient, secretsOf, type ConnectOptions, type Redactor, type ResilientClientOptions, type ServerPolicy, type ToolPolicy } from '@res/mcp';
import { ConfigError, type ProxyConfig } from './config.js';

/** The proxy's own environment, as strings: the upstream gets it (credentials come from the host's config). */
function environment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  return env;
}

/** Where the upstream is (a URL with headers, or a command with the proxy's environment); `undefined` when the config names none. */
export function connectOf(config: ProxyConfig): ConnectOptions | undefined {
  if (config.url !== undefined) return { url: config.url, ...(config.headers === undefined ? {} : { headers: config.headers }) };
  if (config.command !== undefined) {
    return {
      command: config.command,
      args: config.args ?? [],
      env: environment(),
      ...(config.cwd === undefined ? {} : { cwd: config.cwd }),
      // The child's stderr goes to the proxy's stderr (the host's log), never to stdout.
      stderr: 'inherit',
    };
  }
  return undefined;
}

/**
 * Hides the upstream's secrets in any text the proxy shows: header values, URL
 * credentials and the values of the proxy's environment (which the upstream gets).
 *
 * @example const logger = stderrLogger(false, redactorFor(config));
 */
export function redactorFor(config: ProxyConfig): Redactor {
  return createRedactor(secretsOf(connectOf(config), process.env));
}

/**
 * The label of the upstream: `--name`, else the adapter's name, else the command's base name or the URL's host.
 *
 * @example upstreamName({ command: '/usr/bin/mcp-mermaid' }); // 'mcp-mermaid'
 */
export function upstreamName(config: ProxyConfig): string {
  if (config.name !== undefined) return config.name;
  if (config.server !== undefined) return config.server;
  if (config.command !== undefined) return config.command.split(/[\\/]/).pop() ?? config.command;
  if (config.url !== undefined) return new URL(config.url).host;
  return 'upstream';
}

/** The protocol options the upstream gets from a `HostLink` (none without one). */
export function protocolOf(host: HostProtocol | undefined): Pick<ResilientClientOptions, 'handlers' | 'capabilities'> {
  return host === undefined ? {} : { handlers: host.handlers(), capabilities: () => host.upstreamCapabilities() };
}

/**
 * `createUpstream` for a config without `--server` (no adapter module is loaded); validates everything, starts nothing.
 *
 * @example const upstream = createCommandUpstream(parseArgs(['--preset', 'local', '--', 'npx', '-y', 'mcp-mermaid']));
 */
export function createCommandUpstream(config: ProxyConfig, host?: HostProtocol): ResilientClient {
  const connect = connectOf(config);
  if (connect === undefined) throw new ConfigError('give the upstream: --url URL, or a command after --, or --server NAME');
  // zod's optional fields admit undefined; the schema checked every value.
  const policy = config.policy as Partial<ServerPolicy> | undefined;
  const tools = config.tools as Record<string, ToolPolicy> | undefined;
  return new ResilientClient({
    name: upstreamName(config),
    connect,
    ...(config.preset === undefined ? {} : { preset: config.preset as 'external-api' }),
    ...(policy === undefined ? {} : { policy }),
    ...(tools === undefined ? {} : { tools }),
    ...protocolOf(host),
  });
}

/** What the upstream needs of the host to relay its requests (a `HostLink`). */
export interface HostProtocol {
  handlers(): NonNullable<ResilientClientOptions['handlers']>;
  upstreamCapabilities(): ReturnType<Extract<NonNullable<ResilientClientOptions['capabilities']>, () => unknown>>;
}
