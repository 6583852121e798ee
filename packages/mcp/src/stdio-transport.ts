/**
 * The stdio client transport res uses: the SDK's `StdioClientTransport` (spawn, close, stderr)
 * reading messages with {@link JsonRpcLineBuffer} instead of a zod pass per message, and able to
 * adopt a server process started earlier (res-proxy starts its upstream before loading its
 * modules, see {@link offerSpawnedChild}).
 */
import type { ChildProcess } from 'node:child_process';
import { StdioClientTransport, type StdioServerParameters } from '@modelcontextprotocol/sdk/client/stdio.js';
import { JsonRpcLineBuffer } from './json-lines.js';

/** A server process started before its client, and what it did meanwhile. */
export interface SpawnedChild {
  readonly process: ChildProcess;
  readonly command: string;
  readonly args: readonly string[];
  /** The `'spawn'` event was seen. */
  spawned: boolean;
  /** The `'error'` event (e.g. ENOENT), if seen. */
  error: Error | undefined;
  /** The `'close'` event was seen. */
  closed: boolean;
}

/** The SDK transport's private fields this file drives (SDK 1.32 names). */
interface SdkInternals {
  _process: ChildProcess | undefined;
  _readBuffer: JsonRpcLineBuffer;
  _stderrStream: NodeJS.ReadWriteStream | null;
  processReadBuffer(): void;
}

let offered: SpawnedChild | undefined;

/**
 * Offers a server process started early to the next stdio connect with the same command and
 * arguments (once). Returns a function that takes the offer back: it gives the process when no
 * connect took it (the caller then stops it), else `undefined`.
 *
 * @example const withdraw = offerSpawnedChild(early); // on shutdown: withdraw()?.process.kill();
 */
export function offerSpawnedChild(child: SpawnedChild): () => SpawnedChild | undefined {
  offered = child;
  return () => {
    if (offered !== child) return undefined;
    offered = undefined;
    return child;
  };
}

function takeOffered(command: string, args: readonly string[]): SpawnedChild | undefined {
  const child = offered;
  if (child?.command !== command || child.args.length !== args.length || child.args.some((arg, i) => arg !== args[i])) return undefined;
  offered = undefined;
  // One that could not start (ENOENT, EACCES) is not adopted: a fresh spawn fails the same way, reported as the SDK reports it.
  return child.error === undefined ? child : undefined;
}

/**
 * `StdioClientTransport` with a lean reader: `JSON.parse` and a check of the JSON-RPC envelope
 * per message (the SDK still validates every result and request it parses with its schemas).
 */
export class LeanStdioClientTransport extends StdioClientTransport {
  readonly #early: SpawnedChild | undefined;

  constructor(params: StdioServerParameters) {
    super(params);
    this.#internals._readBuffer = new JsonRpcLineBuffer();
    this.#early = takeOffered(params.command, params.args ?? []);
  }

  get #internals(): SdkInternals {
    return this as unknown as SdkInternals;
  }

  override start(): Promise<void> {
    const early = this.#early;
    return early === undefined ? super.start() : this.#adopt(early);
  }

  /** The SDK's `start()`, on a process that is already running (or has already failed). */
  #adopt(early: SpawnedChild): Promise<void> {
    const internals = this.#internals;
    if (internals._process !== undefined) return Promise.reject(new Error('StdioClientTransport already started!'));
    const child = early.process;
    internals._process = child;
    return new Promise((resolve, reject) => {
      const failed = (error: Error): void => {
        reject(error);
        this.onerror?.(error);
      };
      const closed = (): void => {
        internals._process = undefined;
        this.onclose?.();
      };
      child.on('error', failed);
      if (early.closed) queueMicrotask(closed);
      else child.on('close', closed);
      if (early.spawned) resolve();
      else child.once('spawn', () => { resolve(); });
      child.stdin?.on('error', (error) => this.onerror?.(error));
      child.stdout?.on('data', (chunk: Buffer) => {
        try {
          internals._readBuffer.append(chunk);
          internals.processReadBuffer();
        } catch (error: unknown) {
          this.onerror?.(error instanceof Error ? error : new Error(String(error)));
          this.close().catch(() => undefined);
        }
      });
      child.stdout?.on('error', (error) => this.onerror?.(error));
      if (internals._stderrStream !== null && child.stderr !== null) child.stderr.pipe(internals._stderrStream);
    });
  }
}
