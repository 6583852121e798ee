import { createRedactor, ResilientClient, secretsOf, type ConnectOptions, type Redactor, type ResilientClientOptions, type ServerPolicy, type ToolPolicy } from '@res/mcp';
import { adapters } from './adapters.js';
import { ConfigError, type ProxyConfig } from './config.js';

/** The proxy's own environment, as strings: the upstream gets it (credentials come from the host's config). */
function environment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  return env;
}

function connectOf(config: ProxyConfig): ConnectOptions | undefined {
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

/**
 * Builds the resilient client for the upstream; validates everything, starts nothing.
 *
 * With `host` (a `HostLink`), the server's own requests (sampling, elicitation, roots) go to
 * the host and the host's capabilities are declared to the upstream.
 *
 * @example const upstream = createUpstream(parseArgs(['--preset', 'local', '--', 'npx', '-y', 'mcp-mermaid']));
 */
export function createUpstream(config: ProxyConfig, host?: HostProtocol): ResilientClient {
  const connect = connectOf(config);
  const protocol = host === undefined ? {} : { handlers: host.handlers(), capabilities: () => host.upstreamCapabilities() };
  // zod's optional fields admit undefined; the schema checked every value.
  const policy = config.policy as Partial<ServerPolicy> | undefined;
  const tools = config.tools as Record<string, ToolPolicy> | undefined;
  if (config.server !== undefined) {
    // Own keys only: `constructor` or `__proto__` must not find Object.prototype's members.
    const create = Object.hasOwn(adapters, config.server) ? adapters[config.server] : undefined;
    if (create === undefined) {
      throw new ConfigError(`--server must be one of ${Object.keys(adapters).join(', ')}, got ${JSON.stringify(config.server)}`);
    }
    return create({
      env: process.env,
      ...(connect === undefined ? {} : { connect }),
      ...(config.preset === undefined ? {} : { preset: config.preset }),
      ...(policy === undefined ? {} : { policy }),
      ...(tools === undefined ? {} : { tools }),
      ...protocol,
    }).client;
  }
  if (connect === undefined) throw new ConfigError('give the upstream: --url URL, or a command after --, or --server NAME');
  return new ResilientClient({
    name: upstreamName(config),
    connect,
    ...(config.preset === undefined ? {} : { preset: config.preset as 'external-api' }),
    ...(policy === undefined ? {} : { policy }),
    ...(tools === undefined ? {} : { tools }),
    ...protocol,
  });
}

/** What the upstream needs of the host to relay its requests (a `HostLink`). */
export interface HostProtocol {
  handlers(): NonNullable<ResilientClientOptions['handlers']>;
  upstreamCapabilities(): ReturnType<Extract<NonNullable<ResilientClientOptions['capabilities']>, () => unknown>>;
}
