// The success path of each policy alone in its own process, against a bare call measured in
// the same process: the least time per call over 24 rounds of 50,000 awaited calls. One policy
// per process keeps every call site monomorphic, and the least of many rounds is what the
// code costs when the CPU is not taken by someone else — steadier than the main bench on a
// busy machine (see BENCHMARKS.md), though it does not charge a policy for the garbage it
// leaves the next case to collect.
//
//   node bench/solo.js [--dist path/to/other/dist]   (after `pnpm build`; ~30 s)
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import process from 'node:process';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({ options: { dist: { type: 'string' }, case: { type: 'string' } } });
const dist = args.dist === undefined ? new URL('../dist/index.js', import.meta.url).href : pathToFileURL(`${args.dist}/index.js`).href;
const same = (value) => value;
const rethrow = (error) => {
  throw error;
};
let _clockReads = 0;

/** @type {Record<string, (res: any) => { execute: (fn: () => Promise<number>) => Promise<number> }>} */
const CASES = {
  'reference: 1 .then()': () => ({ execute: (fn) => fn().then(same, rethrow) }),
  'reference: 2 chained .then()': () => ({ execute: (fn) => fn().then(same, rethrow).then(same, rethrow) }),
  'reference: Date.now() + 1 .then()': () => ({
    execute: (fn) => {
      _clockReads += Date.now();
      return fn().then(same, rethrow);
    },
  }),
  'retry()': (res) => res.retry(),
  'retry({ budget })': (res) => res.retry({ budget: res.retryBudget() }),
  'pipeline(breaker, retry)': (res) => res.pipeline(res.circuitBreaker(), res.retry()),
  'pipeline(breaker, retry({ budget }))': (res) => res.pipeline(res.circuitBreaker(), res.retry({ budget: res.retryBudget() })),
  'hedge()': (res) => res.hedge(),
  "adaptiveLimit() ('gradient2')": (res) => res.adaptiveLimit(),
  "adaptiveLimit({ algorithm: 'aimd' })": (res) => res.adaptiveLimit({ algorithm: 'aimd' }),
  'throttle()': (res) => res.throttle(),
  'chaos.outcome({ rate: 0.001 })': (res) => res.chaos.outcome({ rate: 0.001, value: 1 }),
};

if (args.case === undefined) {
  console.log(`Success path, one policy per process (least of 24 rounds x 50,000 calls): ${dist}`);
  console.log(`  ${'case'.padEnd(40)}${'bare ns'.padStart(9)}${'ns/op'.padStart(9)}${'x bare'.padStart(8)}`);
  for (const name of Object.keys(CASES)) {
    const extra = args.dist === undefined ? [] : ['--dist', args.dist];
    process.stdout.write(execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--case', name, ...extra], { encoding: 'utf8' }));
  }
} else {
  const make = CASES[args.case];
  if (make === undefined) throw new RangeError(`--case must be one of ${Object.keys(CASES).join(', ')}`);
  const policy = make(await import(dist));
  const work = async () => 1;
  const runs = [() => work(), () => policy.execute(work)];
  const least = [Infinity, Infinity];
  for (let round = 0; round < 24; round++) {
    for (const index of round % 2 === 0 ? [1, 0] : [0, 1]) {
      const run = runs[index];
      const started = performance.now();
      for (let i = 0; i < 50_000; i++) await run();
      least[index] = Math.min(least[index], ((performance.now() - started) * 1e6) / 50_000);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  const [bare, policyNs] = least;
  console.log(`  ${args.case.padEnd(40)}${bare.toFixed(1).padStart(9)}${policyNs.toFixed(1).padStart(9)}${(policyNs / bare).toFixed(2).padStart(8)}`);
}
