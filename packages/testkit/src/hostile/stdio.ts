import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { HostileMode } from './modes.js';

/** How to spawn the hostile upstream on stdio. */
export interface HostileStdio {
  command: string;
  args: string[];
  env?: Record<string, string>;
}

/** Options of {@link hostileStdio}. */
export interface HostileStdioOptions {
  /** Ignore stdin EOF, SIGTERM and SIGINT (only SIGKILL stops it). */
  stubborn?: boolean;
  /** Write a few stderr lines (one with `HOSTILE_SECRET`) and exit with this code at once. */
  exitCode?: number;
  /** Send `notifications/tools/list_changed` after the first `tools/call` answer (a client's cached list is dropped). */
  listChanged?: boolean;
  /** Extra environment (e.g. `HOSTILE_SECRET`, echoed by `echo-headers` and `exitCode`). */
  env?: Record<string, string>;
}

function mainPath(): string {
  for (const candidate of ['./main.js', '../../dist/hostile/main.js']) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error('@res/testkit: dist/hostile/main.js not found; build first (pnpm --filter @res/testkit build)');
}

/**
 * The command that runs a hostile upstream on stdio, for `connect` or a proxy's command line.
 *
 * @example const connect = hostileStdio('deep-json'); new ResilientClient({ name: 'h', connect });
 */
export function hostileStdio(mode: HostileMode, options: HostileStdioOptions = {}): HostileStdio {
  const args = [mainPath(), mode];
  if (options.stubborn === true) args.push('--stubborn');
  if (options.exitCode !== undefined) args.push('--exit', String(options.exitCode));
  if (options.listChanged === true) args.push('--list-changed');
  return { command: process.execPath, args, ...(options.env === undefined ? {} : { env: options.env }) };
}
