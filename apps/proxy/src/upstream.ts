import type { ResilientClient } from '@res/mcp';
import { adapters } from './adapters.js';
import { ConfigError, type ProxyConfig } from './config.js';
import { connectOf, createCommandUpstream, protocolOf, type HostProtocol } from './upstream-connect.js';
import type { ServerPolicy, ToolPolicy } from '@res/mcp';

export { redactorFor, upstreamName, type HostProtocol } from './upstream-connect.js';

/**
 * Builds the resilient client for the upstream; validates everything, starts nothing.
 *
 * With `host` (a `HostLink`), the server's own requests (sampling, elicitation, roots) go to
 * the host and the host's capabilities are declared to the upstream.
 *
 * @example const upstream = createUpstream(parseArgs(['--preset', 'local', '--', 'npx', '-y', 'mcp-mermaid']));
 */
export function createUpstream(config: ProxyConfig, host?: HostProtocol): ResilientClient {
  if (config.server === undefined) return createCommandUpstream(config, host);
  // Own keys only: `constructor` or `__proto__` must not find Object.prototype's members.
  const create = Object.hasOwn(adapters, config.server) ? adapters[config.server] : undefined;
  if (create === undefined) {
    throw new ConfigError(`--server must be one of ${Object.keys(adapters).join(', ')}, got ${JSON.stringify(config.server)}`);
  }
  const connect = connectOf(config);
  // zod's optional fields admit undefined; the schema checked every value.
  const policy = config.policy as Partial<ServerPolicy> | undefined;
  const tools = config.tools as Record<string, ToolPolicy> | undefined;
  return create({
    env: process.env,
    ...(connect === undefined ? {} : { connect }),
    ...(config.preset === undefined ? {} : { preset: config.preset }),
    ...(policy === undefined ? {} : { policy }),
    ...(tools === undefined ? {} : { tools }),
    ...protocolOf(host),
  }).client;
}
