import { setImmediate as nextMacrotask } from 'node:timers/promises';
import { createInMemoryServer, inBand, seededRandom, stdioServer, type Fault, type LedgerView } from '@res/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrokenCircuitError, isMcpFailure, isRecord, ResilientClient, resultBody, type ClientEvent, type ConnectOptions, type ResilientClientOptions } from '../src/index.js';

/** The generic toolset: one tool per retry-safety class (from the server's annotations). */
const TOOLS = ['read_item', 'upsert_item', 'send_item'] as const;
type Tool = (typeof TOOLS)[number];

/** Every fault a call may meet; `slow` past the attempt timeout is a timeout. */
const FAULTS: readonly Fault[] = [
  { type: 'fail' },
  { type: 'rpc-error', code: -32603 },
  inBand.successFalse('upstream flaked'),
  { type: 'is-error', text: 'upstream 502' },
  { type: 'crash' },
  { type: 'slow', ms: 2 },
  { type: 'slow', ms: 2, then: { type: 'fail' } },
];
const TIMEOUT_FAULT: Fault = { type: 'slow', ms: 60 };

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});

interface Outcome {
  tool: Tool;
  error?: unknown;
}

interface Run {
  outcomes: Outcome[];
  events: ClientEvent[];
}

function clientFor(connect: ConnectOptions, policy: ResilientClientOptions['policy']): ResilientClient {
  return new ResilientClient({
    name: 'chaos',
    connect,
    preset: 'local',
    policy: { maxAttempts: 3, baseDelay: 0, maxDelay: 1, jitter: 'none', ...policy },
    toolErrorIsFailure: true,
    classifyResult: (result) => {
      const body = resultBody(result);
      return isRecord(body) && body.success === false ? { kind: 'failure' } : undefined;
    },
  });
}

/**
 * `calls` calls in phases: each phase gives every tool a fresh seeded 30% fault of one
 * kind; `concurrency` workers share the calls, yielding to timers between calls (so an
 * open breaker's recovery timeout can pass).
 */
async function chaos(
  client: ResilientClient,
  server: { setFault(tool: string, fault: Fault): void },
  options: { seed: number; calls: number; phase: number; concurrency: number; faults: readonly Fault[] },
): Promise<Run> {
  const events: ClientEvent[] = [];
  client.on('event', (event) => events.push(event));
  const rng = seededRandom(options.seed);
  const outcomes: Outcome[] = [];
  for (let start = 0; start < options.calls; start += options.phase) {
    TOOLS.forEach((tool, index) => {
      server.setFault(tool, { type: 'random', probability: 0.3, seed: options.seed + start + index, fault: rng.pick(options.faults) });
    });
    const tools = Array.from({ length: Math.min(options.phase, options.calls - start) }, () => rng.pick(TOOLS));
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < tools.length) {
        const tool = tools[next++]!;
        const outcome: Outcome = { tool };
        try {
          await client.callTool(tool, { id: String(outcomes.length + next) });
        } catch (error: unknown) {
          outcome.error = error;
        }
        outcomes.push(outcome);
        await nextMacrotask();
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  }
  return { outcomes, events };
}

const sentAndLost = (outcome: Outcome): boolean => outcome.error !== undefined && isMcpFailure(outcome.error) && outcome.error.sent;

/** What the client's own outcomes say each tool's handler must have run, checked against the ledger. */
function checkLedger({ outcomes }: Run, ledger: LedgerView, exact: boolean): void {
  const unsafe = outcomes.filter((outcome) => outcome.tool === 'send_item');
  const answered = unsafe.filter((outcome) => outcome.error === undefined).length;
  const reached = answered + unsafe.filter(sentAndLost).length;
  expect(unsafe.length).toBeGreaterThan(0);
  expect(ledger.calls('send_item')).toBeLessThanOrEqual(reached); // never more
  if (exact) expect(ledger.calls('send_item')).toBe(reached);
  else expect(ledger.calls('send_item')).toBeGreaterThanOrEqual(answered);
}

/** health() against the outcomes and events the test observed. */
function checkHealth(client: ResilientClient, { outcomes, events }: Run): void {
  const errors = outcomes.flatMap((outcome) => (outcome.error === undefined ? [] : [outcome.error]));
  const rejections = errors.filter((error) => error instanceof BrokenCircuitError).length;
  expect(errors.every((error) => error instanceof BrokenCircuitError || isMcpFailure(error))).toBe(true);
  expect(errors.filter((error) => isMcpFailure(error) && error.kind === 'caller')).toEqual([]);
  const ends = events.filter((event) => event.type === 'call-end');
  const health = client.health();
  expect(health).toMatchObject({
    calls: outcomes.length,
    successes: outcomes.length - errors.length,
    failures: errors.length - rejections,
    rejections,
    fallbacks: 0,
    inFlight: 0,
    retries: events.filter((event) => event.type === 'retry').length,
    reconnects: events.filter((event) => event.type === 'reconnect').length,
  });
  expect(ends).toHaveLength(outcomes.length);
  expect(ends.reduce((sum, event) => sum + Math.max(0, event.attempts - 1), 0)).toBe(health.retries);
  expect(events.filter((event) => event.type === 'rejected')).toHaveLength(rejections);
  const unsafeAttempts = ends.filter((event) => event.tool === 'send_item').map((event) => event.attempts);
  expect(Math.max(...unsafeAttempts)).toBeLessThanOrEqual(3);
}

/** Ledger entries of handlers that crashed their server. */
const crashes = (ledger: LedgerView): number => ledger.events().filter((event) => event.type === 'call' && event.fault === 'crash').length;

describe('chaos', () => {
  it('5,000 calls in memory with 30% seeded faults: unsafe handlers ran exactly once per sent call', { timeout: 90_000 }, async () => {
    const server = createInMemoryServer();
    const client = clientFor(() => server.transport(), { timeout: 20, failureThreshold: 5, recoveryTimeout: 2 });
    const run = await chaos(client, server, { seed: 2_024, calls: 5_000, phase: 100, concurrency: 8, faults: [...FAULTS, TIMEOUT_FAULT] });
    await client.close();
    await server.close();
    await nextMacrotask();

    checkLedger(run, server, true);
    checkHealth(client, run);
    const health = client.health();
    const failed = (kind: string): number => run.outcomes.filter((outcome) => isMcpFailure(outcome.error) && outcome.error.kind === kind).length;
    // The run met every kind of failure, opened the breaker and recovered.
    for (const kind of ['transport', 'timeout', 'protocol', 'tool']) expect(failed(kind)).toBeGreaterThan(0);
    expect(health.retries).toBeGreaterThan(100);
    expect(health.rejections).toBeGreaterThan(0);
    expect(run.events.some((event) => event.type === 'state-change' && event.to === 'closed')).toBe(true);
    expect(health.successes).toBeGreaterThan(run.outcomes.length / 2);
    // Only crashes kill sessions (two crashing handlers may share one dying session); every later call built a new one.
    const deaths = run.events.filter((event) => event.type === 'disconnect' && event.reason !== 'client closed').length;
    expect(deaths).toBeLessThanOrEqual(crashes(server));
    expect(health.reconnects).toBeLessThanOrEqual(deaths);
    expect(health.reconnects).toBeGreaterThanOrEqual(deaths - 1);
    expect(unhandled).toEqual([]);
  });

  it('250 calls through a stdio child that crashes: no duplicate sends, no child left', { timeout: 120_000 }, async () => {
    const server = stdioServer();
    try {
      const client = clientFor({ ...server.connect, stderr: 'ignore' }, { timeout: 2_000, failureThreshold: 5, recoveryTimeout: 5 });
      const run = await chaos(client, server, { seed: 77, calls: 250, phase: 50, concurrency: 3, faults: FAULTS });
      const health = client.health();
      await client.close();
      expect(server.alivePids()).toEqual([]);

      checkLedger(run, server, false);
      checkHealth(client, run);
      expect(crashes(server)).toBeGreaterThan(0);
      expect(server.pids()).toHaveLength(1 + health.reconnects);
      expect(unhandled).toEqual([]);
    } finally {
      await server.dispose();
    }
    expect(server.alivePids()).toEqual([]);
  });
});
