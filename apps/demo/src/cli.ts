/**
 * `pnpm demo`'s command line: options validated (an error names the option and the value,
 * exit 2), the live table or lines depending on stdout, Ctrl-C stops early but cleanly.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { runDemo } from './engine.js';
import { DEFAULTS, presetRecovery, type DemoOptions } from './options.js';
import type { Reporter } from './report.js';
import { SERVER_NAMES, SERVERS } from './servers.js';
import { secondsRange } from './table.js';
import { lineReporter, liveReporter, SHOW_CURSOR, type Output } from './terminal.js';
import { serveStatusPage, teeReporter, webReporter } from './web.js';

/** Validated command-line options. */
export interface CliOptions extends Omit<DemoOptions, 'signal'> {
  /** ANSI colours (default: on for a terminal, off with `--no-color` or `NO_COLOR`). */
  color: boolean;
  /** `--web`: serve the status page on this port (0: a free one). */
  web?: number;
}

function number(flag: string, what: string, min: number, max: number, integer = false): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    const shaped = integer ? /^\d+$/.test(value.trim()) : /^\d+(\.\d+)?$/.test(value.trim());
    if (!shaped || parsed < min || parsed > max) {
      const kind = [integer ? 'an integer' : 'a number', what].filter((part) => part !== '').join(' ');
      throw new InvalidArgumentError(`${flag} must be ${kind} from ${min} to ${max}, got ${JSON.stringify(value)}`);
    }
    return parsed;
  };
}

function serverList(value: string): string[] {
  const names = value.split(',').map((name) => name.trim()).filter((name) => name !== '');
  if (names.length === 0) throw new InvalidArgumentError(`--servers needs at least one name (${SERVER_NAMES.join(', ')}), got ${JSON.stringify(value)}`);
  for (const name of names) {
    if (!SERVER_NAMES.includes(name)) throw new InvalidArgumentError(`--servers: unknown server ${JSON.stringify(name)}; choose from ${SERVER_NAMES.join(', ')}`);
  }
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate !== undefined) throw new InvalidArgumentError(`--servers names ${JSON.stringify(duplicate)} twice`);
  return names;
}

/** The command: every option, with help. */
export function program(): Command {
  return new Command('pnpm demo')
    .description(
      'Starts fakes of the MCP servers res has adapters for (real child processes over stdio), breaks them on a timeline ' +
        '(outages, in-band errors, slow calls, a crash), drives a workload through the adapters and shows each breaker live. ' +
        'Ends with a summary that checks the invariants; exits 1 if one fails.',
    )
    .addOption(new Option('--duration <s>', 'seconds of workload; the fault timeline scales with it').argParser(number('--duration', 'of seconds', 5, 600)).default(DEFAULTS.durationSeconds))
    .addOption(new Option('--seed <n>', 'seeds the fault plan and the workload: the same seed replays the same plan and calls').argParser(number('--seed', '', 0, 4_294_967_295, true)).default(DEFAULTS.seed))
    .addOption(new Option('--calls <per second>', 'calls per second, across all servers').argParser(number('--calls', 'per second', 1, 100)).default(DEFAULTS.callsPerSecond))
    .addOption(new Option('--servers <list>', `comma-separated subset of: ${SERVER_NAMES.join(', ')}`).argParser(serverList))
    .option('--no-color', 'no ANSI colours (also: NO_COLOR=1)')
    .addOption(new Option('--web [port]', 'also serve the live status page (the res-proxy gateway page) on 127.0.0.1; without a port, a free one').argParser(number('--web', 'port', 0, 65_535, true)))
    .helpOption('-h, --help', 'show this help')
    .addHelpText(
      'after',
      `
Time is compressed: breakers try again after about 2 s instead of the adapters' ${secondsRange(presetRecovery(SERVERS))},
and timeouts and backoff shrink likewise, so one short run shows outages AND recoveries.
When stdout is not a terminal, one line is printed per change instead of the live table.

Examples:
  pnpm demo
  pnpm demo --duration 40 --seed 7 --calls 20
  pnpm demo --servers mailgun,mermaid --no-color
  pnpm demo --web 8090        # and open http://127.0.0.1:8090/`,
    );
}

interface Flags {
  duration: number;
  seed: number;
  calls: number;
  servers?: string[];
  color: boolean;
  web?: number | true;
}

/**
 * Parses argv (without node and the script); throws `CommanderError` on bad input or `--help`.
 *
 * @example parseArgs(['--duration', '10'], { isTTY: false, env: {} }).durationMs; // 10000
 */
export function parseArgs(argv: readonly string[], context: { isTTY: boolean; env: Record<string, string | undefined>; errors?: Output }): CliOptions {
  const errors = context.errors ?? process.stderr;
  const command = program()
    .exitOverride()
    .configureOutput({ writeOut: (text) => process.stdout.write(text), writeErr: (text) => errors.write(text) });
  command.parse([...argv], { from: 'user' });
  const flags = command.opts<Flags>();
  const noColor = context.env.NO_COLOR !== undefined && context.env.NO_COLOR !== '';
  return {
    durationMs: Math.round(flags.duration * 1_000),
    seed: flags.seed,
    callsPerSecond: flags.calls,
    ...(flags.servers === undefined ? {} : { servers: flags.servers }),
    color: flags.color && context.isTTY && !noColor,
    ...(flags.web === undefined ? {} : { web: flags.web === true ? 0 : flags.web }),
  };
}

/**
 * Runs the CLI; resolves with the exit code: 0 every invariant held, 1 one failed (or the
 * run could not start), 2 bad options, 130 interrupted.
 *
 * @example process.exitCode = await main(process.argv.slice(2));
 */
export async function main(argv: readonly string[]): Promise<number> {
  const isTTY = process.stdout.isTTY;
  let options: CliOptions;
  try {
    options = parseArgs(argv, { isTTY, env: process.env });
  } catch (error: unknown) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  const stop = new AbortController();
  const onSigint = (): void => {
    if (stop.signal.aborted) {
      process.stdout.write(SHOW_CURSOR);
      process.exit(130);
    }
    stop.abort();
  };
  process.on('SIGINT', onSigint);
  const out: Output = process.stdout;
  const terminal: Reporter = isTTY ? liveReporter(out, { color: options.color }) : lineReporter(out, { color: options.color });
  const { web: port, ...demoOptions } = options;
  const web = port === undefined ? undefined : webReporter();
  const page = web === undefined || port === undefined ? undefined : await serveStatusPage(web.source, port);
  if (page !== undefined) process.stderr.write(`res demo: status page at ${page.url}\n`);
  const reporter = web === undefined ? terminal : teeReporter(terminal, web.reporter);
  try {
    const summary = await runDemo({ ...demoOptions, signal: stop.signal }, reporter);
    if (summary.interrupted) return 130;
    return summary.ok ? 0 : 1;
  } catch (error: unknown) {
    process.stdout.write(isTTY ? SHOW_CURSOR : '');
    process.stderr.write(`res demo: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSigint);
    await page?.stop();
  }
}
