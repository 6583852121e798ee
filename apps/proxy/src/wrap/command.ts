import { Command } from 'commander';
import { copyFileSync, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigError } from '../config.js';
import { hostServers, parseJson } from '../host-shape.js';
import { wrapHostConfig, type WrapResult } from './rewrite.js';

/** Where `res-proxy wrap` writes: injectable for tests. */
export interface WrapIo {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

interface WrapFlags {
  perServer?: boolean;
  write?: boolean;
  gatewayFile?: string;
  name: string;
  proxyCommand: string;
}

/**
 * The `res-proxy wrap` command line.
 *
 * @example console.log(wrapProgram().helpInformation());
 */
export function wrapProgram(): Command {
  return new Command('res-proxy wrap')
    .description("Rewrites an MCP host config (Claude Desktop, Cursor, …) so every server goes through res. Prints the result; --write writes it after a .bak copy.")
    .argument('<host-config>', 'the host config file, e.g. claude_desktop_config.json or .cursor/mcp.json')
    .option('--per-server', 'one res-proxy per server instead of one gateway entry for all')
    .option('--write', 'write the files (the host config is first copied to <file>.bak)')
    .option('--gateway-file <path>', 'gateway mode: where the servers go (default: res-gateway.json beside the host config)')
    .option('--name <name>', "gateway mode: the gateway entry's name in the host config", 'res')
    .option('--proxy-command <command>', 'how the host runs res-proxy (split on spaces)', 'npx -y @res/proxy')
    .helpOption('-h, --help', 'show this help');
}

/** `file.bak`, or `file.bak.1`, `.2`, … when an older backup is there: a backup is never overwritten. */
function backupPath(file: string): string {
  let candidate = `${file}.bak`;
  for (let n = 1; existsSync(candidate); n++) candidate = `${file}.bak.${n}`;
  return candidate;
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

function summary(result: WrapResult, io: WrapIo): void {
  for (const { name, server } of result.wrapped) io.stderr(`wrap: ${name}${server === undefined ? '' : ` (recognised: --server ${server})`}\n`);
  for (const { name, why } of result.skipped) io.stderr(`wrap: ${name} left as it is (${why})\n`);
  for (const { name, message } of result.warnings) io.stderr(`wrap: warning: ${name}: ${message}\n`);
}

function write(file: string, gatewayFile: string, result: WrapResult, io: WrapIo): void {
  if (result.gateway !== undefined && existsSync(gatewayFile)) throw new ConfigError(`${gatewayFile} exists already; choose another path with --gateway-file`);
  const backup = backupPath(file);
  copyFileSync(file, backup);
  // It holds the servers' env and headers: readable by the user only.
  if (result.gateway !== undefined) writeFileSync(gatewayFile, json(result.gateway), { mode: 0o600, flag: 'wx' });
  const temporary = `${file}.res-wrap.tmp`;
  writeFileSync(temporary, json(result.host), { mode: statSync(file).mode & 0o777 });
  renameSync(temporary, file);
  io.stderr(`wrap: wrote ${file} (the old one is ${backup})${result.gateway === undefined ? '' : ` and ${gatewayFile}`}\n`);
}

/**
 * Runs `res-proxy wrap`: returns the exit code (0 done, 2 bad input). Errors name the file and
 * field, never a value from it.
 *
 * @example process.exitCode = runWrap(['claude_desktop_config.json', '--per-server'], { cwd: process.cwd(), stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) });
 */
export function runWrap(argv: readonly string[], io: WrapIo): number {
  const command = wrapProgram().exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  command.parse([...argv], { from: 'user' });
  const flags = command.opts<WrapFlags>();
  const given = command.args[0] ?? '';
  const file = resolve(io.cwd, given);
  const proxy = flags.proxyCommand.trim().split(/\s+/);
  if (proxy[0] === undefined || proxy[0] === '') throw new ConfigError('--proxy-command must name a command');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error: unknown) {
    throw new ConfigError(`cannot read ${given}: ${error instanceof Error && 'code' in error ? String(error.code) : 'unreadable'}`);
  }
  const config = parseJson(text, given) as Record<string, unknown>;
  const servers = hostServers(config, given);
  const gatewayFile = resolve(io.cwd, flags.gatewayFile ?? join(dirname(file), 'res-gateway.json'));
  const result = wrapHostConfig(config, servers, { proxy, mode: flags.perServer === true ? 'per-server' : 'gateway', gatewayFile, gatewayName: flags.name });
  summary(result, io);
  if (result.wrapped.length === 0) {
    io.stderr('wrap: nothing to wrap: every server already goes through res (or cannot)\n');
    return 0;
  }
  if (flags.write === true) write(file, gatewayFile, result, io);
  else if (result.gateway === undefined) io.stdout(json(result.host));
  else io.stdout(`// ${given}\n${json(result.host)}\n// ${gatewayFile} (new: it holds the servers' env and headers, keep it private)\n${json(result.gateway)}`);
  return 0;
}
