// `pnpm bench`: res against a bare call, cockatiel and opossum, in one process.
// A report, not a test: it exits 0 whatever the targets say, unless --strict.
//
//   node --expose-gc bench/run.js [--rounds 5] [--time 500] [--batch 100] [--abort-samples 20] [--strict]
import { readFileSync } from 'node:fs';
import os from 'node:os';
import process from 'node:process';
import { parseArgs } from 'node:util';
import { backoffMs, cockatielAbort, resAbort } from './abort.js';
import { gcExposed, measure, median } from './measure.js';
import { overload, retryAmplification, tailLatency } from './simulations.js';
import { newPolicyCases, rejectionCases, successCases } from './subjects.js';

const { values: args } = parseArgs({
  // `pnpm bench -- --strict` passes the `--` through.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    rounds: { type: 'string', default: '5' },
    time: { type: 'string', default: '500' },
    batch: { type: 'string', default: '100' },
    'abort-samples': { type: 'string', default: '20' },
    strict: { type: 'boolean', default: false },
  },
});
const settings = {
  rounds: positive('rounds'),
  time: positive('time'),
  batch: positive('batch'),
  abortSamples: positive('abort-samples'),
};

const started = performance.now();
header();

const success = successCases();
const successTimes = await measure(success.cases, settings).finally(() => success.close());
const bare = successTimes.get('bare await fn()') ?? [];
console.log('\nSuccess path: await policy.execute(fn), fn = async () => 1');
table(successTimes, 'x bare', (times) => median(times.map((t, round) => t / (bare[round] ?? NaN))));

const rejection = await rejectionCases();
const rejectionTimes = await measure(rejection.cases, { ...settings, expectThrow: true }).finally(() => rejection.close());
if (rejection.calls() !== 0) throw new Error(`an open breaker called fn ${rejection.calls()} times`);
const resRejection = median(rejectionTimes.get('res circuitBreaker') ?? []);
console.log('\nOpen breaker: the call is rejected without running fn');
table(rejectionTimes, 'x res', (times) => median(times) / resRejection);

console.log(`\nAbort during a ${backoffMs / 1000} s retry backoff (abort 10 ms into the wait; time from abort() to settled)`);
const resRuns = await resAbort(settings.abortSamples);
const resAbortMs = resRuns.map((run) => run.ms);
const resCalls = Math.max(...resRuns.map((run) => run.calls));
const resReason = resRuns.every((run) => run.reason);
console.log(
  `  res        ${settings.abortSamples} runs: median ${ms(median(resAbortMs))}, max ${ms(Math.max(...resAbortMs))};` +
    ` fn called ${resCalls === 1 ? 'once' : `${resCalls} times`}; rejects with ${resReason ? 'signal.reason' : 'ANOTHER ERROR'}`,
);
const cockatielRun = await cockatielAbort();
console.log(
  `  cockatiel  1 run: settled ${ms(cockatielRun.ms)} after the abort (its backoff sleep ignores the signal),` +
    ` then fn was called again (${cockatielRun.calls} calls in all)`,
);

// (1 + r)^3 plus each layer's reserve (minPerSecond/s over 500 calls/s), grown by the layers outside it.
const bound = (minPerSecond) => 1.2 ** 3 + (minPerSecond / 500) * (1 + 1.2 + 1.44);
console.log('\nSimulations (virtual time, seeded: the same numbers on every run)');
const amplification = await retryAmplification();
console.log('  Retry amplification: 3 nested retry({ maxAttempts: 3 }) layers, 500 calls/s; 10 %, 50 %, 100 % failure for 25, 25, 55 s');
console.log(`  ${'config'.padEnd(58)}${'failure'.padStart(8)}${'attempts/call'.padStart(15)}${'success'.padStart(10)}`);
for (const row of amplification) {
  console.log(`  ${row.config.padEnd(58)}${pct(row.failure).padStart(8)}${row.attemptsPerCall.toFixed(3).padStart(15)}${pct(row.successRate, 2).padStart(10)}`);
}
console.log(
  `  (1.2)^3 plus the reserves' share (minPerSecond per layer over 500 calls/s, grown by the layers outside it):` +
    ` ${bound(10).toFixed(3)} with minPerSecond 10, ${bound(1).toFixed(3)} with 1`,
);
const tails = await tailLatency();
console.log('\n  Tail latency: 98 % of attempts 8-12 ms, 2 % 1 s; 200 calls/s');
console.log(`  ${'config'.padEnd(42)}${'p50'.padStart(9)}${'p99'.padStart(9)}${'p99.9'.padStart(9)}${'p99/p50'.padStart(9)}${'extra load'.padStart(12)}`);
for (const row of tails) {
  console.log(`  ${row.config.padEnd(42)}${ms(row.p50).padStart(9)}${ms(row.p99).padStart(9)}${ms(row.p999).padStart(9)}${row.p99OverP50.toFixed(1).padStart(9)}${pct(row.extraLoad, 1).padStart(12)}`);
}
const overloads = await overload();
console.log('\n  Overload: latency 10 ms x max(1, n / 10)^1.5 at n in flight; 200 callers in a closed loop');
console.log(`  ${'config'.padEnd(52)}${'goodput/s'.padStart(10)}${'p50'.padStart(9)}${'p99'.padStart(9)}${'mean limit'.padStart(12)}`);
for (const row of overloads) {
  console.log(`  ${row.config.padEnd(52)}${row.goodput.toFixed(0).padStart(10)}${ms(row.p50).padStart(9)}${ms(row.p99).padStart(9)}${(row.meanLimit?.toFixed(1) ?? '-').padStart(12)}`);
}

const successRatio = median((successTimes.get('res pipeline(breaker, retry)') ?? []).map((t, round) => t / (bare[round] ?? NaN)));
const cockatielRejection = median(rejectionTimes.get('cockatiel circuitBreaker') ?? []);
const worstAbort = Math.max(...resAbortMs);
const targets = [
  [`res pipeline(breaker, retry) success path <= 2.5x bare: ${successRatio.toFixed(2)}x`, successRatio <= 2.5],
  [
    `res open-breaker rejection <= 1/3 of cockatiel's breaker alone: ${Math.round(resRejection)} ns vs ${Math.round(cockatielRejection)} ns (${(resRejection / cockatielRejection).toFixed(2)})`,
    resRejection * 3 <= cockatielRejection,
  ],
  [`abort ends a 2 s backoff within 5 ms: worst of ${settings.abortSamples} ${ms(worstAbort)}`, worstAbort <= 5 && resCalls === 1 && resReason],
];
const at = (config, failure) => amplification.find((row) => row.config.startsWith(config) && row.failure === failure);
const smallReserve = at('retryBudget({ ratio: 0.2, minPerSecond: 1 })', 1);
const defaultReserve = at('retryBudget({ ratio: 0.2 })', 1);
const [noHedge, hedged] = tails;
const [noLimit, ...limited] = overloads;
const adaptive = overloads.at(-1);
const fixedLimits = limited.slice(0, -1);
const bestFixed = fixedLimits.reduce((best, row) => (row.goodput > best.goodput ? row : best));
const bulkhead50 = fixedLimits[0];
const newRatios = Object.keys(newPolicyCases())
  .filter((name) => !name.startsWith('reference'))
  .map((name) => [name, median((successTimes.get(name) ?? []).map((t, round) => t / (bare[round] ?? NaN)))]);
targets.push(
  [`retry budgets, 100 % failure, minPerSecond 1: ${smallReserve.attemptsPerCall.toFixed(3)} attempts/call <= 1.75`, smallReserve.attemptsPerCall <= 1.75],
  [
    `retry budgets, 100 % failure, defaults: ${defaultReserve.attemptsPerCall.toFixed(3)} <= (1.2)^3 + the reserves' share = ${bound(10).toFixed(3)}`,
    defaultReserve.attemptsPerCall <= bound(10),
  ],
  [
    `retry budgets at 10 % failure lose no success: ${pct(at('retryBudget({ ratio: 0.2 })', 0.1).successRate, 2)} vs ${pct(at('no budget', 0.1).successRate, 2)}`,
    at('retryBudget({ ratio: 0.2 })', 0.1).successRate >= at('no budget', 0.1).successRate,
  ],
  [
    `retry budgets at 50 % failure lose no success: ${pct(at('retryBudget({ ratio: 0.2 })', 0.5).successRate, 2)} vs ${pct(at('no budget', 0.5).successRate, 2)}`,
    at('retryBudget({ ratio: 0.2 })', 0.5).successRate >= at('no budget', 0.5).successRate,
  ],
  [`hedge p99 within 5x p50: ${hedged.p99OverP50.toFixed(1)}x (without: ${noHedge.p99OverP50.toFixed(1)}x)`, hedged.p99OverP50 <= 5],
  [`hedge extra load <= 6 %: ${pct(hedged.extraLoad, 1)}`, hedged.extraLoad <= 0.06],
  [
    `adaptiveLimit goodput within 10 % of bulkhead 50: ${adaptive.goodput.toFixed(0)}/s vs ${bulkhead50.goodput.toFixed(0)}/s`,
    adaptive.goodput >= 0.9 * bulkhead50.goodput,
  ],
  [
    `adaptiveLimit goodput within 10 % of the best fixed limit tried (${bestFixed.config}): ${adaptive.goodput.toFixed(0)}/s vs ${bestFixed.goodput.toFixed(0)}/s`,
    adaptive.goodput >= 0.9 * bestFixed.goodput,
  ],
  [`adaptiveLimit p99 >= 3x lower than no limit: ${ms(adaptive.p99)} vs ${ms(noLimit.p99)} (${(noLimit.p99 / adaptive.p99).toFixed(1)}x)`, noLimit.p99 >= 3 * adaptive.p99],
  ...newRatios.map(([name, ratio]) => [`${name} success path <= 1.5x bare: ${ratio.toFixed(2)}x`, ratio <= 1.5]),
);
console.log('\nTargets');
for (const [text, pass] of targets) console.log(`  ${pass ? 'PASS' : 'FAIL'}  ${text}`);
console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
if (args.strict && targets.some(([, pass]) => !pass)) process.exitCode = 1;

function header() {
  const version = (name) => JSON.parse(readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url), 'utf8')).version;
  const cpus = os.cpus();
  console.log(`@res/core benchmark: Node ${process.version}, ${os.platform()} ${os.arch()}, ${cpus.length} x ${cpus[0]?.model.trim() ?? 'unknown CPU'}`);
  console.log(`cockatiel ${version('cockatiel')}, opossum ${version('opossum')}, tinybench ${version('tinybench')}`);
  console.log(
    `${settings.rounds} rounds x ${settings.time} ms per case, ${settings.batch} awaited calls per sample;` +
      ` medians over rounds${gcExposed ? ', full GC before each case' : ' (run with --expose-gc for a GC before each case)'}`,
  );
}

/**
 * @param {Map<string, number[]>} times
 * @param {string} ratioTitle
 * @param {(times: number[]) => number} ratio
 */
function table(times, ratioTitle, ratio) {
  const width = Math.max(...[...times.keys()].map((name) => name.length)) + 2;
  console.log(`  ${'case'.padEnd(width)}${'ns/op'.padStart(8)}${ratioTitle.padStart(9)}   rounds min-max ns/op`);
  for (const [name, values] of times) {
    const spread = `${Math.round(Math.min(...values))}-${Math.round(Math.max(...values))}`;
    console.log(`  ${name.padEnd(width)}${fixed(median(values)).padStart(8)}${ratio(values).toFixed(2).padStart(9)}   ${spread}`);
  }
}

function fixed(ns) {
  return ns < 100 ? ns.toFixed(1) : String(Math.round(ns));
}

function ms(value) {
  return value < 1 ? `${(value * 1000).toFixed(0)} µs` : `${value.toFixed(value < 10 ? 2 : 0)} ms`;
}

function pct(value, digits = 0) {
  return `${(value * 100).toFixed(digits)} %`;
}

function positive(name) {
  const value = Number(args[name]);
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`--${name} must be an integer >= 1, got ${args[name]}`);
  return value;
}
