import { ConfigError, type ProxyConfig } from './config.js';
import { startHttpFront, type HttpFront } from './http-front.js';
import type { Logger } from './log.js';
import { createProxyServer } from './proxy-server.js';
import { HostLink } from './relay/host-link.js';
import { createUpstream } from './upstream.js';

/**
 * Reads `--listen [HOST:]PORT`: `8808`, `127.0.0.1:8808`, `[::1]:8808` (host 127.0.0.1 by default).
 *
 * @example parseListen('0.0.0.0:8808'); // { host: '0.0.0.0', port: 8808 }
 */
export function parseListen(value: string): { host: string; port: number } {
  const match = /^(?:(\[[0-9a-fA-F:]+\]|[^:[\]]+):)?(\d{1,5})$/.exec(value.trim());
  const port = Number(match?.[2]);
  if (match === null || !Number.isInteger(port) || port > 65_535) {
    throw new ConfigError(`--listen must be [HOST:]PORT (PORT 0-65535), got ${JSON.stringify(value)}`);
  }
  const host = match[1] ?? '127.0.0.1';
  return { host: host.startsWith('[') ? host.slice(1, -1) : host, port };
}

/** The bearer token from the variable `--auth-token-env` names (the value never appears in a message). */
function authToken(config: ProxyConfig): string | undefined {
  const name = config.authTokenEnv;
  if (name === undefined) return undefined;
  const token = process.env[name];
  if (token === undefined || token.trim() === '') throw new ConfigError(`--auth-token-env: the environment variable ${name} is not set or empty`);
  return token;
}

/**
 * `res-proxy --listen`: streamable HTTP instead of stdio, one upstream session per host session.
 * Validates the upstream options once before listening.
 *
 * @example const front = await listen(parseArgs(['--listen', '8808', '--', 'npx', '-y', 'mcp-mermaid']), stderrLogger());
 */
export async function listen(config: ProxyConfig, logger: Logger, logEvents: (upstream: ReturnType<typeof createUpstream>) => void): Promise<HttpFront> {
  if (config.listen === undefined) throw new ConfigError('--listen is not set');
  const { host, port } = parseListen(config.listen);
  const token = authToken(config);
  void createUpstream(config).close(); // validates every option now; starts nothing
  const front = await startHttpFront({
    host,
    port,
    logger,
    ...(token === undefined ? {} : { authToken: token }),
    session: () => {
      const link = new HostLink();
      const upstream = createUpstream(config, link);
      logEvents(upstream);
      const server = createProxyServer(upstream, { healthTool: config.healthTool !== false, adminTool: config.adminTool === true, logger, link });
      return { upstream, server };
    },
  });
  logger.info(`serving MCP on ${front.url}${token === undefined ? '' : ' (bearer token required)'}`);
  return front;
}
