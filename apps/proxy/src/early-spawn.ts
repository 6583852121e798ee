/**
 * res-proxy's first module (node built-ins only): starts the upstream process before the proxy's
 * own modules load, so the two start in parallel; the session adopts it at the host's
 * `initialize` (`offerSpawnedChild` in `@res/mcp`). Only the plain form `res-proxy [flags] --
 * COMMAND ...` spawns early, with exactly what the SDK would spawn (the proxy's environment, no
 * shell); anything a flag could change (`--config`, `--server`, `--url`, `--listen`, help) waits.
 * Until the session takes it, a child spawned here is killed on a signal or when the proxy exits.
 */
import { spawn } from 'node:child_process';
import type { SpawnedChild } from '@res/mcp';

/** Flags after which the upstream is not known from the command line alone. */
const LATE = ['--config', '--server', '--url', '--listen', '--help', '-h'];

let early: SpawnedChild | undefined;
let claimed = false;

function killUnclaimed(): void {
  if (early !== undefined && !claimed && early.process.exitCode === null && early.process.signalCode === null) early.process.kill('SIGKILL');
}

function stopOnSignal(signal: NodeJS.Signals): void {
  killUnclaimed();
  // Then die of the signal, as the proxy would have without this handler.
  release();
  process.kill(process.pid, signal);
}

function release(): void {
  process.off('SIGTERM', stopOnSignal);
  process.off('SIGINT', stopOnSignal);
  process.off('exit', killUnclaimed);
}

/**
 * Spawns the upstream of `res-proxy [flags] -- COMMAND ARGS...` at once (not on Windows, where
 * the SDK resolves commands with cross-spawn); does nothing for any other command line.
 *
 * @example spawnEarly(process.argv.slice(2));
 */
export function spawnEarly(argv: readonly string[]): void {
  const end = argv.indexOf('--');
  const command = argv[end + 1];
  if (early !== undefined || process.platform === 'win32' || end === -1 || command === undefined || command === '' || argv[0] === 'wrap') return;
  if (argv.slice(0, end).some((arg) => LATE.some((flag) => arg === flag || arg.startsWith(`${flag}=`)))) return;
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  // The handlers first: a signal that comes as the child starts must find them.
  process.once('SIGTERM', stopOnSignal);
  process.once('SIGINT', stopOnSignal);
  process.once('exit', killUnclaimed);
  const child = spawn(command, argv.slice(end + 2), { env, stdio: ['pipe', 'pipe', 'pipe'], shell: false });
  const state: SpawnedChild = { process: child, command, args: argv.slice(end + 2), spawned: false, error: undefined, closed: false };
  child.once('spawn', () => (state.spawned = true));
  child.on('error', (error) => (state.error ??= error));
  child.once('close', () => (state.closed = true));
  early = state;
}

/**
 * Takes the early child (once): the caller now owns it (offers it to the session, or stops it).
 *
 * @example const child = takeEarlyChild();
 */
export function takeEarlyChild(): SpawnedChild | undefined {
  const child = early;
  if (child === undefined || claimed) return undefined;
  claimed = true;
  release();
  return child;
}

/**
 * Stops a child nobody adopted: SIGTERM, SIGKILL after `graceMs` (at once when 0); resolves when it is gone.
 *
 * @example await stopEarlyChild(child, 1_000);
 */
export async function stopEarlyChild(child: SpawnedChild, graceMs: number): Promise<void> {
  const { process: proc } = child;
  if (proc.exitCode !== null || proc.signalCode !== null || child.error !== undefined) return;
  const gone = new Promise((resolve) => proc.once('exit', resolve));
  proc.kill(graceMs === 0 ? 'SIGKILL' : 'SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
  timer.unref();
  await gone;
  clearTimeout(timer);
}
