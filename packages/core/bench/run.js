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
import { rejectionCases, successCases } from './subjects.js';

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

function positive(name) {
  const value = Number(args[name]);
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`--${name} must be an integer >= 1, got ${args[name]}`);
  return value;
}
