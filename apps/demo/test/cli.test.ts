import { CommanderError } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main, parseArgs, program } from '../src/cli.js';

afterEach(() => {
  vi.restoreAllMocks();
});

function parse(argv: string[], context: { isTTY?: boolean; env?: Record<string, string> } = {}): ReturnType<typeof parseArgs> {
  return parseArgs(argv, { isTTY: context.isTTY ?? true, env: context.env ?? {}, errors: { write: () => true } });
}

function error(argv: string[]): string {
  let written = '';
  try {
    parseArgs(argv, { isTTY: false, env: {}, errors: { write: (text: string) => (written += text) } });
  } catch (thrown: unknown) {
    expect(thrown).toBeInstanceOf(CommanderError);
    return written.trim();
  }
  throw new Error(`no error for ${argv.join(' ')}`);
}

describe('options', () => {
  it('defaults: 25 s, seed 42, 12 calls/s, every server, colour on a terminal', () => {
    expect(parse([])).toEqual({ durationMs: 25_000, seed: 42, callsPerSecond: 12, color: true });
  });

  it('reads every option', () => {
    expect(parse(['--duration', '7.5', '--seed', '7', '--calls', '20', '--servers', 'mailgun, mermaid', '--no-color'])).toEqual({
      durationMs: 7_500, seed: 7, callsPerSecond: 20, servers: ['mailgun', 'mermaid'], color: false,
    });
  });

  it('turns colour off when stdout is not a terminal, or with NO_COLOR', () => {
    expect(parse([], { isTTY: false }).color).toBe(false);
    expect(parse([], { env: { NO_COLOR: '1' } }).color).toBe(false);
  });

  it.each([
    [['--duration', 'abc'], `error: option '--duration <s>' argument 'abc' is invalid. --duration must be a number of seconds from 5 to 600, got "abc"`],
    [['--duration', '2'], `error: option '--duration <s>' argument '2' is invalid. --duration must be a number of seconds from 5 to 600, got "2"`],
    [['--seed', '-1'], `error: option '--seed <n>' argument '-1' is invalid. --seed must be an integer from 0 to 4294967295, got "-1"`],
    [['--seed', '1.5'], `error: option '--seed <n>' argument '1.5' is invalid. --seed must be an integer from 0 to 4294967295, got "1.5"`],
    [['--calls', '0'], `error: option '--calls <per second>' argument '0' is invalid. --calls must be a number per second from 1 to 100, got "0"`],
    [['--servers', 'mailgun,gmail'], `error: option '--servers <list>' argument 'mailgun,gmail' is invalid. --servers: unknown server "gmail"; choose from mahavishnu, session-buddy, akosha, excalidraw, mailgun, unifi, raindropio, mermaid, chart-antv`],
    [['--servers', ','], `error: option '--servers <list>' argument ',' is invalid. --servers needs at least one name (mahavishnu, session-buddy, akosha, excalidraw, mailgun, unifi, raindropio, mermaid, chart-antv), got ","`],
    [['--servers', 'unifi,unifi'], `error: option '--servers <list>' argument 'unifi,unifi' is invalid. --servers names "unifi" twice`],
    [['--colour'], `error: unknown option '--colour'`],
    [['extra'], `error: too many arguments. Expected 0 arguments but got 1.`],
  ])('rejects %j, naming the option and the value', (argv, message) => {
    expect(error(argv)).toBe(message);
  });

  it('exits 2 on a bad option, 0 for --help', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(await main(['--calls', 'lots'])).toBe(2);
    expect(stderr).toHaveBeenCalledWith(expect.stringContaining("--calls must be a number per second from 1 to 100, got \"lots\""));
    expect(await main(['--help'])).toBe(0);
    expect(stdout).toHaveBeenCalledWith(expect.stringContaining('--duration <s>'));
  });

  it('--help explains every option and the time compression', () => {
    let help = '';
    program().configureOutput({ writeOut: (text) => (help += text) }).outputHelp();
    expect(help).toContain('Time is compressed');
    for (const flag of ['--duration <s>', '--seed <n>', '--calls <per second>', '--servers <list>', '--no-color']) expect(help).toContain(flag);
  });
});
