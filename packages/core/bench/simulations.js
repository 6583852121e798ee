// The simulations, on virtual time with seeded randomness: reproducible to the
// digit and fast. Each returns rows for a table and the facts its target checks.
import { adaptiveLimit, bulkhead, hedge, pipeline, retry, retryBudget } from '../dist/index.js';
import { after, quantile, seeded, VirtualTime } from './sim/virtual-time.js';

/** Runs `body` with the virtual clock installed. */
async function simulated(body) {
  const clock = new VirtualTime().install();
  try {
    return await body(clock);
  } finally {
    clock.uninstall();
  }
}

/** Starts `start(now)` every `every` ms from 0 until `until`. */
function arrivals(every, until, start) {
  const arrive = () => {
    start(Date.now());
    if (Date.now() + every < until) setTimeout(arrive, every);
  };
  setTimeout(arrive, 0);
}

/**
 * Retry amplification: three nested `retry({ maxAttempts: 3 })` layers (agent, client,
 * proxy) in front of a server that fails 10 % of attempts for 25 s, then 50 % for 25 s,
 * then 100 % for 55 s, at 500 calls/s. Each phase is measured from 11 s after it starts
 * (the budget's window, 10 to 11 s, has moved past the previous phase) to its end: the
 * 100 % phase over 44 s, about four budget windows, because a budget spent in a burst
 * frees in a burst one window later and a shorter measurement would catch part of an echo.
 */
export async function retryAmplification() {
  const RATE_EVERY = 2; // ms between calls: 500 calls/s
  const SETTLE = 11_000;
  const phases = [
    { failure: 0.1, from: 0, to: 25_000 },
    { failure: 0.5, from: 25_000, to: 50_000 },
    { failure: 1, from: 50_000, to: 105_000 },
  ];
  const configs = [
    ['no budget', () => undefined],
    ['retryBudget({ ratio: 0.2 }) per layer (minPerSecond 10)', () => retryBudget({ ratio: 0.2 })],
    ['retryBudget({ ratio: 0.2, minPerSecond: 1 }) per layer', () => retryBudget({ ratio: 0.2, minPerSecond: 1 })],
  ];
  const rows = [];
  for (const [name, budget] of configs) {
    const stats = await simulated(async (clock) => {
      const random = seeded(42);
      const phaseOf = (t) => phases.find((phase) => t < phase.to) ?? phases[phases.length - 1];
      const counts = new Map(phases.map((phase) => [phase, { calls: 0, attempts: 0, ok: 0 }]));
      const layers = [0, 1, 2].map(() => retry({ maxAttempts: 3, backoff: 'fixed', baseDelay: 10, jitter: 'none', budget: budget() }));
      const policy = pipeline(...layers);
      arrivals(RATE_EVERY, phases[phases.length - 1].to, (start) => {
        const phase = phaseOf(start);
        const count = start >= phase.from + SETTLE ? counts.get(phase) : undefined;
        if (count) count.calls++;
        const server = async () => {
          if (count) count.attempts++;
          await after(1);
          if (random() < phaseOf(Date.now()).failure) throw new Error('server error');
          return 1;
        };
        policy.execute(server).then(
          () => count && count.ok++,
          () => undefined,
        );
      });
      await clock.run();
      return phases.map((phase) => counts.get(phase));
    });
    stats.forEach((s, i) => rows.push({ config: name, failure: phases[i].failure, attemptsPerCall: s.attempts / s.calls, successRate: s.ok / s.calls }));
  }
  return rows;
}

/**
 * Tail latency: a read whose latency is 8-12 ms for 98 % of attempts and 1 s for 2 %,
 * 200 calls/s for 60 s; latencies of calls started after 10 s (the adaptive delay has
 * had its first refreshes).
 */
export async function tailLatency() {
  const configs = [
    ['no hedge', () => undefined],
    ['hedge({ delay: { percentile: 0.95 } })', () => hedge({ delay: { percentile: 0.95 } })],
  ];
  const rows = [];
  for (const [name, make] of configs) {
    rows.push(
      await simulated(async (clock) => {
        const random = seeded(7);
        const policy = make();
        const latencies = [];
        let calls = 0;
        let attempts = 0;
        const server = async () => {
          attempts++;
          await after(random() < 0.02 ? 1_000 : 8 + 4 * random());
          return 1;
        };
        arrivals(5, 60_000, (start) => {
          const measured = start >= 10_000;
          if (measured) calls++;
          const counted = measured ? server : async () => (attempts--, server());
          const done = policy === undefined ? counted() : policy.execute(counted);
          done.then(() => measured && latencies.push(Date.now() - start));
        });
        await clock.run();
        const p50 = quantile(latencies, 0.5);
        const p99 = quantile(latencies, 0.99);
        return { config: name, calls, p50, p99, p999: quantile(latencies, 0.999), p99OverP50: p99 / p50, extraLoad: attempts / calls - 1 };
      }),
    );
  }
  return rows;
}

/** The overload simulation's configurations: [name, make the policy (undefined: none)]. */
export const OVERLOAD_CONFIGS = [
  ['no limit', () => undefined],
  ['bulkhead({ limit: 50, queue: 200 })', () => bulkhead({ limit: 50, queue: 200 })],
  ['bulkhead({ limit: 10, queue: 200 }) (told the knee)', () => bulkhead({ limit: 10, queue: 200 })],
  ["adaptiveLimit({ queue: 200 }) ('gradient2')", () => adaptiveLimit({ queue: 200 })],
];

/**
 * Overload: a server whose latency is 10 ms up to 10 calls in flight and
 * 10 ms x (n / 10)^1.5 beyond (so its throughput falls past 10), +-10 % noise; 200
 * callers in a closed loop for 60 s; goodput and p99 (queueing included) over the last 30 s.
 */
export async function overload(configs = OVERLOAD_CONFIGS) {
  const rows = [];
  for (const [name, make] of configs) {
    rows.push(
      await simulated(async (clock) => {
        const random = seeded(11);
        const policy = make();
        const END = 60_000;
        const FROM = 30_000;
        let inFlight = 0;
        const server = async () => {
          inFlight++;
          const n = inFlight;
          const base = n <= 10 ? 10 : 10 * (n / 10) ** 1.5;
          await after(base * (0.9 + 0.2 * random()));
          inFlight--;
          return 1;
        };
        const latencies = [];
        let done = 0;
        let limitSum = 0;
        const caller = async () => {
          while (Date.now() < END) {
            const start = Date.now();
            await (policy === undefined ? server() : policy.execute(server));
            if (start >= FROM) {
              done++;
              latencies.push(Date.now() - start);
              if (policy?.limit !== undefined) limitSum += policy.limit;
            }
          }
        };
        for (let i = 0; i < 200; i++) void caller();
        await clock.run();
        return {
          config: name,
          goodput: done / ((END - FROM) / 1000),
          p50: quantile(latencies, 0.5),
          p99: quantile(latencies, 0.99),
          meanLimit: limitSum > 0 ? limitSum / done : undefined,
        };
      }),
    );
  }
  return rows;
}
