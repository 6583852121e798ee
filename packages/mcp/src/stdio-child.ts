/**
 * The process behind a stdio connection: how it ended (exit code or signal, the
 * last lines of its stderr, bounded) and how it is stopped — SIGTERM at once,
 * SIGKILL after a grace period (DESIGN §6), so a server that ignores stdin's end
 * and SIGTERM, or one that is stopped (SIGSTOP), never outlives its client.
 */
import type { ChildProcess } from 'node:child_process';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { McpCallError } from './errors.js';
import { MAX_TEXT, oneLine, type Redactor } from './redact.js';

/** Lines of the child's stderr kept for messages. */
const TAIL_LINES = 5;
/** Characters kept of each of them. */
const TAIL_LINE_CHARS = 200;
/** Ms between two checks of whether a stopped process is gone. */
const POLL_MS = 20;

/** What is known of one stdio child. */
export class StdioChild {
  pid: number | undefined;
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** Set when res stopped it (its exit is then no news). */
  stopped = false;
  readonly #tail: string[] = [];
  #partial = '';

  /**
   * Before the transport starts: its stderr is read from the first byte and, when `forward` is
   * given, passed on line by line — each line bounded and redacted, like every text res shows.
   */
  constructor(
    readonly transport: StdioClientTransport,
    readonly forward: NodeJS.WritableStream | undefined,
    readonly redact: Redactor,
  ) {
    transport.stderr?.on('data', (chunk: Buffer) => {
      this.#keep(chunk.toString('utf8'));
    });
  }

  /** Right after the transport spawned the process (the SDK spawns synchronously in `start()`). */
  attach(): void {
    // The SDK keeps the ChildProcess private and never passes the exit code on; 1.32 names it `_process`.
    const child = (this.transport as unknown as { _process?: ChildProcess })._process;
    this.pid = child?.pid;
    if (child === undefined) return;
    if (child.exitCode !== null || child.signalCode !== null) this.exit = { code: child.exitCode, signal: child.signalCode };
    else {
      child.once('exit', (code, signal) => {
        this.exit = { code, signal };
      });
    }
  }

  /**
   * True while the process has not been seen to exit. Node reaps its children and emits `exit`
   * in the same step, so no signal-0 probe of the pid is needed.
   */
  isRunning(): boolean {
    return this.exit === undefined && this.pid !== undefined;
  }

  /**
   * How the process ended, for a message: `exited with code 3; stderr: "…" | "…"` (redacted, one line), or `undefined` while it runs.
   */
  describe(redact: Redactor): string | undefined {
    if (this.exit === undefined || this.stopped) return undefined;
    const how = this.exit.signal === null ? `exited with code ${String(this.exit.code)}` : `was killed by ${this.exit.signal}`;
    const lines = [...this.#tail, oneLine(this.#partial, TAIL_LINE_CHARS)].filter((line) => line.trim() !== '');
    return redact(`the server process ${how}${lines.length === 0 ? '' : `; its last stderr lines: ${lines.map((l) => JSON.stringify(l)).join(' | ')}`}`);
  }

  #keep(text: string): void {
    const pieces = text.split('\n');
    const last = pieces.length - 1;
    for (let i = 0; i <= last; i++) {
      // A line is kept up to MAX_TEXT characters: a stderr line megabytes long costs nothing more.
      if (this.#partial.length < MAX_TEXT) this.#partial += (pieces[i] ?? '').slice(0, MAX_TEXT - this.#partial.length);
      if (i === last) break;
      this.#line(this.#partial);
      this.#partial = '';
    }
  }

  #line(line: string): void {
    this.forward?.write(`${this.redact(line)}\n`);
    this.#tail.push(oneLine(line, TAIL_LINE_CHARS));
    if (this.#tail.length > TAIL_LINES) this.#tail.shift();
  }
}

/** A watch on the transport's child, when it is a stdio transport (call `attach()` once it starts). */
export function watchChild(transport: Transport, forward: NodeJS.WritableStream | undefined, redact: Redactor): StdioChild | undefined {
  return transport instanceof StdioClientTransport ? new StdioChild(transport, forward, redact) : undefined;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/**
 * Stops a child: SIGTERM at once, SIGKILL once `graceMs` have passed (at once when 0).
 * Resolves when the process is gone.
 *
 * @example await stopChild(child, 1_000);
 */
export async function stopChild(child: StdioChild, graceMs: number): Promise<void> {
  const { pid } = child;
  if (pid === undefined || !child.isRunning()) return;
  child.stopped = true;
  signal(pid, graceMs === 0 ? 'SIGKILL' : 'SIGTERM');
  const killAt = Date.now() + graceMs;
  const giveUpAt = killAt + 2_000; // a process we may not signal (EPERM) is not waited on forever
  while (child.isRunning() && Date.now() < giveUpAt) {
    if (Date.now() >= killAt) signal(pid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * The connect failure of a stdio server that started and exited before answering `initialize`
 * (a bad command, a missing credential), as a failure that is not retried within the call:
 * starting it again at once would run it to fail the same way; the next call starts it again,
 * and the breaker counts each. `undefined` when the process did not exit (a spawn error such as
 * ENOENT starts no process and stays retried, DESIGN §4).
 *
 * @example const failure = startFailure('bad', error, child?.describe(redact)) ?? classified;
 */
export function startFailure(server: string, error: unknown, exited: string | undefined): McpCallError | undefined {
  if (exited === undefined) return undefined;
  const message = `${server}: connect failed: before answering initialize, ${exited}; not retried within this call (it would fail the same way)`;
  return new McpCallError({ server, tool: undefined, kind: 'transport', message, sent: false, repeatable: false, cause: error });
}
