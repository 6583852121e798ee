import { Emitter, type Unsubscribe } from '@res/core';

/** Options of a {@link Supervisor}, each with its default. */
export interface SupervisorOptions {
  /** Ms a server must stay up before its restart count (and so its backoff) starts over. [30_000] */
  stableAfter?: number;
  /** Ms before the first restart. [1_000] */
  baseDelay?: number;
  /** Each further restart waits this many times longer. [2] */
  factor?: number;
  /** The longest wait between restarts. [30_000] */
  maxDelay?: number;
  /** Exits in a row (none of them stable) that make a crash loop. [5] */
  crashLoopAfter?: number;
}

/** What a supervisor keeps up: start it, and hold its breaker open while it is down. */
export interface Supervised {
  /** Starts (or restarts) the server; rejects when it did not come up. */
  start(): Promise<void>;
  /** Holds the breaker open (calls answer "unavailable" at once, nothing is spawned). */
  hold(): void;
  /** Lets calls through again. */
  release(): void;
}

/** Where a supervised server stands. */
export type SupervisorState = 'idle' | 'starting' | 'up' | 'backoff' | 'crash-loop' | 'stopped';

/** Every exit and restart, as events (and log lines). */
export type SupervisorEvent =
  | { type: 'exit'; server: string; exits: number; detail: string; at: number }
  | { type: 'restart-scheduled'; server: string; attempt: number; delayMs: number; crashLoop: boolean }
  | { type: 'restart'; server: string; attempt: number }
  | { type: 'up'; server: string; restarts: number }
  | { type: 'stable'; server: string }
  | { type: 'crash-loop'; server: string; exits: number; delayMs: number; maxDelayMs: number };

/**
 * The wait before restart number `attempt` (1, 2, …): `baseDelay × factor^(attempt-1)`, at most `maxDelay`.
 *
 * @example restartDelay(3, { baseDelay: 1000, factor: 2, maxDelay: 30000 }); // 4000
 */
export function restartDelay(attempt: number, options: { baseDelay: number; factor: number; maxDelay: number }): number {
  return Math.min(options.maxDelay, options.baseDelay * options.factor ** Math.max(0, attempt - 1));
}

function positive(name: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < min || value > 2_147_483_647) throw new RangeError(`${name} must be a number from ${min} to 2147483647, got ${String(value)}`);
  return value;
}

/**
 * Keeps one server up: restarts it after every exit with exponential backoff that starts over
 * only once the server stayed up `stableAfter` ms; while it is down its breaker is held open,
 * so calls answer at once and nothing respawns it between restarts. `crashLoopAfter` exits in
 * a row make a crash loop: an event and a log line, and restarts every `maxDelay` at most —
 * bounded, never a spin. Timers never keep the process alive.
 *
 * @example const supervisor = new Supervisor('mermaid', target); supervisor.on((e) => log(e)); supervisor.start();
 */
export class Supervisor {
  readonly stableAfter: number;
  readonly #delays: { baseDelay: number; factor: number; maxDelay: number };
  readonly #crashLoopAfter: number;
  readonly #events = new Emitter<{ event: SupervisorEvent }>();
  #state: SupervisorState = 'idle';
  /** Exits since the server was last stable. */
  #exits = 0;
  #restarts = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #nextRestartAt: number | undefined;
  #lastExit: { detail: string; at: number } | undefined;
  /** Counts starts: the outcome of a start that was overtaken (an exit came first) is ignored. */
  #generation = 0;

  constructor(readonly name: string, readonly target: Supervised, options: SupervisorOptions = {}) {
    this.stableAfter = positive('stableAfter', options.stableAfter, 30_000, 0);
    this.#delays = { baseDelay: positive('baseDelay', options.baseDelay, 1_000, 0), factor: positive('factor', options.factor, 2, 1), maxDelay: positive('maxDelay', options.maxDelay, 30_000, 0) };
    this.#crashLoopAfter = positive('crashLoopAfter', options.crashLoopAfter, 5, 1);
  }

  /** Where the server stands, its restarts so far, and when the next one is due. */
  status(): { state: SupervisorState; restarts: number; exits: number; nextRestartAt?: number; lastExit?: { detail: string; at: number } } {
    return {
      state: this.#state,
      restarts: this.#restarts,
      exits: this.#exits,
      ...(this.#nextRestartAt === undefined ? {} : { nextRestartAt: this.#nextRestartAt }),
      ...(this.#lastExit === undefined ? {} : { lastExit: this.#lastExit }),
    };
  }

  /** Subscribes to exits and restarts; returns the unsubscribe. */
  on(listener: (event: SupervisorEvent) => void): Unsubscribe {
    return this.#events.on('event', listener);
  }

  /** Starts the server (the first time, or again after `stop`). */
  start(): void {
    if (this.#state === 'starting' || this.#state === 'up') return;
    this.#clear();
    this.#state = 'starting';
    const generation = ++this.#generation;
    this.target.start().then(
      () => {
        if (generation === this.#generation && this.#state === 'starting') this.up();
      },
      (error: unknown) => {
        if (generation === this.#generation && this.#state === 'starting') this.exited(error instanceof Error ? error.message : String(error));
      },
    );
  }

  /** The server is up (after a start, or a reconnect the client made by itself). */
  up(): void {
    if (this.#state === 'stopped' || this.#state === 'up') return;
    this.#clear();
    this.#state = 'up';
    this.target.release();
    this.#emit({ type: 'up', server: this.name, restarts: this.#restarts });
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#exits = 0;
      this.#emit({ type: 'stable', server: this.name });
    }, this.stableAfter);
    this.#timer.unref();
  }

  /** The server exited or failed to start: hold its breaker open and schedule the next restart. */
  exited(detail: string): void {
    if (this.#state === 'stopped' || this.#state === 'backoff' || this.#state === 'crash-loop') return;
    this.#clear();
    this.#generation++;
    this.#exits++;
    const at = Date.now();
    this.#lastExit = { detail, at };
    this.#emit({ type: 'exit', server: this.name, exits: this.#exits, detail, at });
    this.target.hold();
    const delayMs = restartDelay(this.#exits, this.#delays);
    const crashLoop = this.#exits >= this.#crashLoopAfter;
    if (crashLoop && this.#exits === this.#crashLoopAfter) this.#emit({ type: 'crash-loop', server: this.name, exits: this.#exits, delayMs, maxDelayMs: this.#delays.maxDelay });
    this.#state = crashLoop ? 'crash-loop' : 'backoff';
    this.#nextRestartAt = at + delayMs;
    this.#emit({ type: 'restart-scheduled', server: this.name, attempt: this.#exits, delayMs, crashLoop });
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#nextRestartAt = undefined;
      this.#restarts++;
      this.#emit({ type: 'restart', server: this.name, attempt: this.#exits });
      this.#state = 'idle';
      this.start();
    }, delayMs);
    this.#timer.unref();
  }

  /** Stops supervising (the server is being removed or the gateway stops). */
  stop(): void {
    this.#clear();
    this.#generation++;
    this.#state = 'stopped';
  }

  #clear(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#nextRestartAt = undefined;
  }

  #emit(event: SupervisorEvent): void {
    this.#events.emit('event', event);
  }
}
