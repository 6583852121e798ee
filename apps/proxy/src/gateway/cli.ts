import { Command, InvalidArgumentError } from 'commander';
import { readFileSync } from 'node:fs';
import { isGatewayConfig } from './config.js';

function integer(flag: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!/^\d+$/.test(value.trim()) || parsed < min || parsed > max) throw new InvalidArgumentError(`${flag} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
    return parsed;
  };
}

/** The gateway's options, parsed. */
export interface GatewayFlags {
  config: string;
  separator: string;
  prefix: boolean;
  healthTool: boolean;
  stableAfter?: number;
  listTimeout?: number;
  statusPort?: number;
  statusHost: string;
  watch: boolean;
  quiet?: boolean;
  listen?: string;
  authTokenEnv?: string;
}

/**
 * The gateway's command line: `res-proxy --config gateway.json [options]`.
 *
 * @example const flags = gatewayProgram().parse(['--config', 'g.json'], { from: 'user' }).opts<GatewayFlags>();
 */
export function gatewayProgram(): Command {
  return new Command('res-proxy')
    .description('Gateway mode: every server of a host config behind one res-proxy (stdio), each with its own breaker, retries and supervision.')
    .usage('--config gateway.json [options]')
    .requiredOption('--config <file>', 'the gateway config: { "mcpServers": { … } } as hosts write it, plus an optional "res" block per server')
    .option('--separator <text>', 'between a server name and its tool, prompt and resource names', '__')
    .option('--no-prefix', 'serve the servers’ own names (refused at start when two servers offer the same name)')
    .option('--no-health-tool', 'do not add the res_health tool')
    .option('--stable-after <ms>', 'ms a server must stay up before its restart backoff starts over (default 30000)', integer('--stable-after', 0, 2_147_483_647))
    .option('--list-timeout <ms>', 'ms a server may take to list before its last known list is served (default 2000)', integer('--list-timeout', 1, 2_147_483_647))
    .option('--status-port <port>', 'serve the live status page on this port', integer('--status-port', 0, 65_535))
    .option('--status-host <host>', 'address of the status page', '127.0.0.1')
    .option('--listen <[host:]port>', 'serve streamable HTTP at /mcp (and the status page at /) instead of stdio; 127.0.0.1 by default')
    .option('--auth-token-env <name>', 'with --listen: require Authorization: Bearer <the value of this variable>')
    .option('--no-watch', 'do not reload when the config file changes (SIGHUP still reloads)')
    .option('--quiet', 'log only errors')
    .helpOption('-h, --help', 'show this help');
}

/**
 * The gateway config file named by `--config`, when the file is a gateway config (it has `mcpServers`).
 *
 * @example if (gatewayConfigPath(argv) !== undefined) await startGateway(argv);
 */
export function gatewayConfigPath(argv: readonly string[]): string | undefined {
  const end = argv.indexOf('--');
  const flags = end === -1 ? argv : argv.slice(0, end);
  const at = flags.findIndex((arg) => arg === '--config' || arg.startsWith('--config='));
  if (at === -1) return undefined;
  const path = flags[at]?.startsWith('--config=') === true ? flags[at].slice('--config='.length) : flags[at + 1];
  if (path === undefined) return undefined;
  try {
    return isGatewayConfig(JSON.parse(readFileSync(path, 'utf8'))) ? path : undefined;
  } catch {
    return undefined; // the single-server parser reports an unreadable or broken file
  }
}
