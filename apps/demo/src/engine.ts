/**
 * The headless demo: fakes of the servers with a fault timeline, a workload through the
 * adapters, snapshots and events to a reporter, and a summary that checks the invariants.
 */
import type { CircuitState, Health, ServerPolicy } from '@res/mcp';
import { seededRandom, type SeededRandom } from '@res/testkit';
import { createFleet, shutDown, warmUp, type Member } from './fleet.js';
import { compressedPolicy, presetRecovery, type DemoOptions } from './options.js';
import type { DemoEvent, Phase, Reporter, ServerRow, Snapshot } from './report.js';
import { selectServers, type DemoServer } from './servers.js';
import { summarize, type RunFacts, type ServerSummary, type Summary } from './summary.js';
import { playTimeline, type Timeline } from './timeline.js';
import { Workload } from './workload.js';

/** Breaker transitions of one server. */
interface BreakerLog {
  opened: number;
  closed: number;
}

/**
 * Runs the demo and resolves with its summary (`summary.ok`: every invariant held). Always
 * closes every client and disposes every fake, also when it fails or is aborted.
 *
 * @example const summary = await runDemo({ durationMs: 25_000, seed: 42, callsPerSecond: 12 }, reporter);
 */
export async function runDemo(options: DemoOptions, reporter: Reporter = {}): Promise<Summary> {
  const summary = summarize(await new DemoRun(options, reporter).execute());
  reporter.end?.(summary);
  return summary;
}

/** What the run measured before shutting the fleet down. */
interface Measured {
  elapsedMs: number;
  unsafe: ServerSummary['unsafe'][];
  processes: number[];
}

/** One run: the fleet, its timeline and workload, and what the reporter is told. */
class DemoRun {
  readonly #options: DemoOptions;
  readonly #reporter: Reporter;
  readonly #servers: DemoServer[];
  readonly #policy: Partial<ServerPolicy>;
  readonly #members: Member[];
  readonly #rng: SeededRandom;
  readonly #workload: Workload;
  readonly #logs: Map<string, BreakerLog>;
  #phase: Phase = 'starting';
  #started = Date.now();
  #timeline: Timeline | undefined;

  constructor(options: DemoOptions, reporter: Reporter) {
    this.#options = options;
    this.#reporter = reporter;
    this.#servers = selectServers(options.servers);
    this.#policy = compressedPolicy(options.durationMs);
    this.#members = createFleet(this.#servers, this.#policy);
    this.#rng = seededRandom(options.seed);
    this.#workload = new Workload(this.#members, this.#rng);
    this.#logs = new Map(this.#members.map((member) => [member.server.name, { opened: 0, closed: 0 }]));
  }

  /** Plays the run, then shuts everything down (whatever happened) and returns the facts. */
  async execute(): Promise<RunFacts> {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', onUnhandled);
    const unsubscribe = this.#members.map((member) => watch(member, this.#logs, () => this.#elapsed(), (event) => { this.#emit(event); }));
    let measured: Measured;
    let health: Health[];
    let leftoverPids: number[];
    try {
      measured = await this.#play();
    } finally {
      this.#timeline?.cancel();
      this.#workload.stop();
      await this.#workload.drain();
      for (const off of unsubscribe) off();
      health = this.#members.map((member) => member.client.health());
      leftoverPids = await shutDown(this.#members);
      process.off('unhandledRejection', onUnhandled);
    }
    const { seed, durationMs, callsPerSecond, signal } = this.#options;
    return {
      seed, durationMs, callsPerSecond, elapsedMs: measured.elapsedMs, interrupted: signal?.aborted === true, unhandledRejections: unhandled, leftoverPids,
      servers: this.#members.map((member, index) => serverSummary(member, health[index], this.#logs, measured.processes[index] ?? 0, measured.unsafe[index] ?? [])),
    };
  }

  async #play(): Promise<Measured> {
    const { durationMs, callsPerSecond, signal } = this.#options;
    this.#reporter.start?.({ servers: this.#servers.map((server) => server.name), seed: this.#options.seed, durationMs, callsPerSecond, policy: this.#policy });
    await warmUp(this.#members);
    this.#started = Date.now();
    this.#enter('running');
    const ticker = setInterval(() => this.#reporter.snapshot?.(this.#snapshot()), this.#options.tickMs ?? 250);
    try {
      this.#timeline = playTimeline(this.#members, durationMs, this.#rng, (change) => { this.#emit({ type: 'fault', ...change }); });
      this.#workload.start(callsPerSecond);
      await sleep(durationMs, signal);
      this.#workload.stop();
      if (signal?.aborted !== true && this.#members.some((member) => member.client.health().state !== 'closed')) {
        this.#enter('settling');
        await settle(this.#members, this.#workload, this.#policy.recoveryTimeout ?? 0, signal);
      }
      this.#enter('stopping');
      await this.#workload.drain();
    } finally {
      clearInterval(ticker);
    }
    this.#reporter.snapshot?.(this.#snapshot());
    return {
      elapsedMs: this.#elapsed(),
      unsafe: this.#members.map((member) => unsafeCounts(member, this.#workload)),
      processes: this.#members.map((member) => member.fake.pids().length),
    };
  }

  #snapshot(): Snapshot {
    const { durationMs, seed, callsPerSecond } = this.#options;
    return {
      phase: this.#phase, elapsedMs: this.#elapsed(), durationMs, seed, callsPerSecond,
      recoveryMs: this.#policy.recoveryTimeout ?? 0, presetRecoveryMs: presetRecovery(this.#servers),
      rows: this.#members.map((member) => row(member, this.#logs, this.#timeline?.current(member.server.name) ?? 'calm')),
    };
  }

  #elapsed(): number {
    return Date.now() - this.#started;
  }

  #emit(event: DemoEvent): void {
    this.#reporter.event?.(event);
  }

  #enter(phase: Phase): void {
    this.#phase = phase;
    this.#emit({ type: 'phase', at: this.#elapsed(), phase });
  }
}

function serverSummary(member: Member, health: Health | undefined, logs: ReadonlyMap<string, BreakerLog>, processes: number, unsafe: ServerSummary['unsafe']): ServerSummary {
  const log = logs.get(member.server.name) ?? { opened: 0, closed: 0 };
  return {
    name: member.server.name, calls: health?.calls ?? 0, successes: health?.successes ?? 0, failures: health?.failures ?? 0,
    retries: health?.retries ?? 0, rejections: health?.rejections ?? 0, fallbacks: health?.fallbacks ?? 0, restarts: health?.reconnects ?? 0,
    processes, opened: log.opened, closed: log.closed, finalState: health?.state ?? 'closed', latencyMs: health?.latencyMs ?? { p50: 0, p99: 0 }, unsafe,
  };
}

function row(member: Member, logs: ReadonlyMap<string, BreakerLog>, fault: string): ServerRow {
  const health = member.client.health();
  return {
    name: member.server.name, state: health.state, calls: health.calls, successes: health.successes, failures: health.failures,
    retries: health.retries, rejections: health.rejections, fallbacks: health.fallbacks, restarts: health.reconnects,
    opened: logs.get(member.server.name)?.opened ?? 0, p50: health.latencyMs.p50, p99: health.latencyMs.p99, fault,
  };
}

/**
 * Counts the breaker's openings and closings and reports each change with the failure behind
 * it. The report waits a turn: the call whose failure opened the breaker ends just after.
 */
function watch(member: Member, logs: Map<string, BreakerLog>, elapsed: () => number, emit: (event: DemoEvent) => void): () => void {
  const server = member.server.name;
  let lastFailure: string | undefined;
  return member.client.on('event', (event) => {
    if (event.type === 'retry') lastFailure = event.error;
    if (event.type === 'call-end' && event.error !== undefined && event.kind !== 'circuit-open' && event.kind !== 'caller') lastFailure = event.error;
    if (event.type !== 'state-change' || event.tool !== undefined) return; // one breaker per server here
    const log = logs.get(server);
    if (log !== undefined && event.to === 'open' && event.from === 'closed') log.opened++;
    if (log !== undefined && event.to === 'closed') log.closed++;
    const at = elapsed();
    setImmediate(() => {
      const reason = event.to === 'open' ? lastFailure : undefined;
      emit({ type: 'state', at, server, from: event.from, to: event.to, ...(reason === undefined ? {} : { reason }) });
    });
  });
}

/** Every unsafe tool the workload has: calls made by the demo, handler runs in the fake's ledger. */
function unsafeCounts(member: Member, workload: Workload): ServerSummary['unsafe'] {
  const tools = [...new Set(member.server.workload.map((item) => item.tool))].filter((tool) => member.server.safety(tool) === 'unsafe');
  return tools.map((tool) => ({ tool, called: workload.called(member.server.name, tool), ran: member.fake.calls(tool) }));
}

/**
 * After the run, gives a breaker still open or half-open the trial call it waits for (a read,
 * every half recovery timeout), for a bounded time: with a slow `--calls` rate the calm phase
 * may hold too few calls per server.
 */
async function settle(members: readonly Member[], workload: Workload, recoveryMs: number, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + 3 * recoveryMs + 2_000;
  const notClosed = (): Member[] => members.filter((member) => member.client.health().state !== ('closed' satisfies CircuitState));
  while (notClosed().length > 0 && Date.now() < deadline && signal?.aborted !== true) {
    for (const member of notClosed()) {
      const read = member.server.workload.find((item) => member.server.safety(item.tool) === 'read');
      if (read !== undefined) workload.call(member, read);
    }
    await sleep(recoveryMs / 2, signal);
  }
}

/** Waits `ms`, or less when `signal` aborts (never rejects). */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
