import { Command, InvalidArgumentError, Option } from 'commander';
import { ConfigError, parseConfig, readConfigFile, type ProxyConfig } from './config.js';

type ChaosConfig = NonNullable<NonNullable<ProxyConfig['policy']>['chaos']>;

/** A share in [0, 1], e.g. a chaos rate. */
function share(flag: string): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (value.trim() === '' || !(parsed >= 0 && parsed <= 1)) throw new InvalidArgumentError(`${flag} must be a number from 0 to 1, got ${JSON.stringify(value)}`);
    return parsed;
  };
}

/** The chaos flags over res.json's `policy.chaos`; `undefined` when neither sets any. */
function chaosFlags(flags: Flags, file: ChaosConfig | undefined): ChaosConfig | undefined {
  if (flags.chaosFaultRate === undefined && flags.chaosLatency === undefined && flags.chaosLatencyRate === undefined) return file;
  const chaos = { ...file };
  if (flags.chaosFaultRate !== undefined) chaos.fault = { ...chaos.fault, rate: flags.chaosFaultRate };
  if (flags.chaosLatency !== undefined || flags.chaosLatencyRate !== undefined) {
    const ms = flags.chaosLatency ?? chaos.latency?.ms;
    if (ms === undefined) throw new ConfigError('--chaos-latency-rate needs --chaos-latency <ms> (or policy.chaos.latency.ms in the config file)');
    chaos.latency = { ms, rate: flags.chaosLatencyRate ?? chaos.latency?.rate ?? 1 };
  }
  return chaos;
}

function integer(flag: string, min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(`${flag} must be an integer from ${min}${max === Number.MAX_SAFE_INTEGER ? '' : ` to ${max}`}, got ${JSON.stringify(value)}`);
    }
    return parsed;
  };
}

/** `--header` values are only collected here: commander would quote a rejected one, and it is usually a credential. */
function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Parses the collected `--header` values; a message names the header, never its value. */
function headers(values: readonly string[]): Record<string, string> {
  const parsed: Record<string, string> = {};
  for (const value of values) {
    const at = value.indexOf(':');
    if (at <= 0) throw new ConfigError('--header must be "Name: value" (no ":" found; the value is not shown, it may be a secret)');
    const name = value.slice(0, at).trim();
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new ConfigError(`--header: the part before ":" must be a header name (letters, digits and !#$%&'*+.^_\`|~- only; not shown)`);
    const content = value.slice(at + 1).trim();
    if (/[\r\n\0]/.test(content)) throw new ConfigError(`--header ${name}: the value must not contain CR, LF or NUL (not shown)`);
    parsed[name] = content;
  }
  return parsed;
}

/** The longest duration a timer can hold: 2^31 - 1 ms. */
const MAX_MS = 2_147_483_647;

/**
 * The command line: every flag, with help.
 *
 * @example console.log(program().helpInformation());
 */
export function program(): Command {
  return new Command('res-proxy')
    .description('An MCP server on stdio that puts an upstream MCP server behind res: circuit breaker, safe retries, timeouts, health.')
    .usage('[options] (--url URL | -- COMMAND [ARGS...])')
    .option('--server <name>', "a shipped adapter (catalog, presets, in-band error classifier), e.g. 'mailgun'")
    .option('--name <label>', "label in logs, health and metrics (default: the adapter's name or the command's base name)")
    .option('--preset <name>', "'external-api' | 'local' | 'workflow' | 'critical' | 'fail-fast', or an adapter's own preset")
    .option('--timeout <ms>', 'per-attempt timeout', integer('--timeout', 1, MAX_MS))
    .option('--connect-timeout <ms>', 'spawn or reach the upstream and initialize', integer('--connect-timeout', 1, MAX_MS))
    .option('--failure-threshold <n>', 'consecutive failed calls that open the breaker', integer('--failure-threshold', 1))
    .option('--recovery-timeout <ms>', 'ms the breaker stays open before a trial call', integer('--recovery-timeout', 0, MAX_MS))
    .option('--max-attempts <n>', 'attempts per call, the first included (safe tools only)', integer('--max-attempts', 1))
    .option('--half-open-max-calls <n>', 'trial calls at once in half-open', integer('--half-open-max-calls', 1))
    .option('--url <url>', 'a streamable HTTP upstream, e.g. http://127.0.0.1:3039/mcp')
    .option('--header <name: value>', 'an HTTP header for --url (repeatable)', collect)
    .option('--config <file>', 'read options from a JSON file (flags win)')
    .option('--no-health-tool', 'do not add the res_health tool')
    .option('--admin-tool', 'add the res_admin tool (reset or isolate the breaker by hand)')
    .addOption(new Option('--metrics-port <port>', 'serve Prometheus /metrics on this port').argParser(integer('--metrics-port', 0, 65_535)))
    .option('--metrics-host <host>', 'address for /metrics', '127.0.0.1')
    .option('--listen <[host:]port>', 'serve streamable HTTP at /mcp (127.0.0.1 unless HOST is given) instead of stdio')
    .option('--auth-token-env <name>', 'with --listen: require "Authorization: Bearer <token>", the token read from this environment variable')
    .option('--quiet', 'log only errors')
    .option('--chaos-fault-rate <rate>', 'GAME DAY: fail this share of calls (0 to 1) with an injected transport fault', share('--chaos-fault-rate'))
    .option('--chaos-latency <ms>', 'GAME DAY: delay calls by this many ms (with --chaos-latency-rate, default every call)', integer('--chaos-latency', 0))
    .option('--chaos-latency-rate <rate>', 'GAME DAY: the share of calls (0 to 1) --chaos-latency delays', share('--chaos-latency-rate'))
    .argument('[command...]', 'the upstream command and its arguments, after --')
    .helpOption('-h, --help', 'show this help')
    .addHelpText(
      'after',
      `
Examples:
  res-proxy --server mailgun --url http://127.0.0.1:3039/mcp
  res-proxy --preset local -- npx -y mcp-mermaid
  res-proxy --config res.json -- python -m raindropio_mcp.main
  res-proxy --listen 8808 --auth-token-env RES_TOKEN -- npx -y mcp-mermaid

Logs go to stderr; stdout carries the protocol.`,
    );
}

interface Flags {
  server?: string;
  name?: string;
  preset?: string;
  timeout?: number;
  connectTimeout?: number;
  failureThreshold?: number;
  recoveryTimeout?: number;
  maxAttempts?: number;
  halfOpenMaxCalls?: number;
  url?: string;
  header?: string[];
  config?: string;
  healthTool: boolean;
  adminTool?: boolean;
  metricsPort?: number;
  metricsHost: string;
  quiet?: boolean;
  listen?: string;
  authTokenEnv?: string;
  chaosFaultRate?: number;
  chaosLatency?: number;
  chaosLatencyRate?: number;
}

/**
 * Parses argv (without node and the script) into validated options; throws ConfigError.
 *
 * @example const config = parseArgs(['--server', 'mermaid', '--timeout', '30000', '--', 'npx', '-y', 'mcp-mermaid']);
 */
export function parseArgs(argv: readonly string[]): ProxyConfig {
  const command = program().exitOverride().configureOutput({ writeOut: (s) => process.stderr.write(s), writeErr: (s) => process.stderr.write(s) });
  command.parse([...argv], { from: 'user' });
  const flags = command.opts<Flags>();
  const upstream = command.args;
  const file = flags.config === undefined ? {} : readConfigFile(flags.config);
  const policy = { ...file.policy };
  if (flags.timeout !== undefined) policy.timeout = flags.timeout;
  if (flags.connectTimeout !== undefined) policy.connectTimeout = flags.connectTimeout;
  if (flags.failureThreshold !== undefined) policy.failureThreshold = flags.failureThreshold;
  if (flags.recoveryTimeout !== undefined) policy.recoveryTimeout = flags.recoveryTimeout;
  if (flags.maxAttempts !== undefined) policy.maxAttempts = flags.maxAttempts;
  if (flags.halfOpenMaxCalls !== undefined) policy.halfOpenMaxCalls = flags.halfOpenMaxCalls;
  const chaos = chaosFlags(flags, policy.chaos);
  if (chaos !== undefined) policy.chaos = chaos;
  const merged: Record<string, unknown> = { ...file, policy };
  for (const key of ['server', 'name', 'preset', 'url', 'metricsPort', 'quiet', 'adminTool', 'listen', 'authTokenEnv'] as const) {
    if (flags[key] !== undefined) merged[key] = flags[key];
  }
  if (flags.header !== undefined) merged.headers = { ...file.headers, ...headers(flags.header) };
  if (!flags.healthTool) merged.healthTool = false;
  if (flags.metricsHost !== '127.0.0.1' || file.metricsHost === undefined) merged.metricsHost = flags.metricsHost;
  if (upstream.length > 0) {
    merged.command = upstream[0];
    merged.args = upstream.slice(1);
  }
  const config = parseConfig(merged, 'options');
  if (config.url !== undefined && config.command !== undefined) {
    throw new ConfigError('give either --url or an upstream command after --, not both');
  }
  if (config.authTokenEnv !== undefined && config.listen === undefined) throw new ConfigError('--auth-token-env needs --listen');
  return config;
}
