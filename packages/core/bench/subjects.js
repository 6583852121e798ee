// What is measured: the same trivial async function, bare and behind each library,
// configured alike (5 consecutive failures open the breaker; 3 attempts in all).
import * as cockatiel from 'cockatiel';
import CircuitBreaker from 'opossum';
import { adaptiveLimit, chaos, circuitBreaker, hedge, pipeline, retry, retryBudget, throttle, timeout } from '../dist/index.js';

const HOUR = 3_600_000;
const work = async () => 1;
const failing = async () => {
  throw new Error('down');
};

// References, not libraries: the least that two layers that each see the outcome
// (a breaker outside a retry) can cost, with async functions and with bare promises.
let _referenceFailures = 0;
async function layer(fn) {
  try {
    return await fn();
  } catch (error) {
    _referenceFailures++;
    throw error;
  }
}
const twoAsyncLayers = () => layer(() => layer(work));
const same = (value) => value;
const rethrow = (error) => {
  throw error;
};
const twoThenLayers = () => work().then(same, rethrow).then(same, rethrow);
// The floor of a policy that must see the outcome (one `.then`), and of one that also reads the clock.
const oneThenLayer = () => work().then(same, rethrow);
let _clockReads = 0;
const clockAndOneThen = () => {
  _clockReads += Date.now();
  return work().then(same, rethrow);
};

/** cockatiel's maxAttempts counts retries: 2 here = 3 attempts, like res's default 3. */
function cockatielRetry() {
  return cockatiel.retry(cockatiel.handleAll, { maxAttempts: 2, backoff: new cockatiel.ExponentialBackoff() });
}

function cockatielBreaker(halfOpenAfter) {
  return cockatiel.circuitBreaker(cockatiel.handleAll, {
    halfOpenAfter,
    breaker: new cockatiel.ConsecutiveBreaker(5),
  });
}

/** The success path: each case calls `work` once and resolves with 1. */
export function successCases() {
  const res = pipeline(circuitBreaker(), retry());
  const resTimeout = pipeline(circuitBreaker(), retry(), timeout(10_000));
  const cockatielPolicy = cockatiel.wrap(cockatielRetry(), cockatielBreaker(60_000));
  const opossumNoTimeout = new CircuitBreaker(work, { timeout: false });
  const opossumDefault = new CircuitBreaker(work);
  return {
    cases: {
      'bare await fn()': () => work(),
      'res pipeline(breaker, retry)': () => res.execute(work),
      'res pipeline(breaker, retry, timeout)': () => resTimeout.execute(work),
      'cockatiel wrap(retry, breaker)': () => cockatielPolicy.execute(work),
      'opossum, timeout off': () => opossumNoTimeout.fire(),
      'opossum, defaults (timeout 10 s)': () => opossumDefault.fire(),
      'reference: 2 nested async fns': twoAsyncLayers,
      ...newPolicyCases(),
      'reference: 2 chained .then()': twoThenLayers,
      'reference: 1 .then()': oneThenLayer,
      'reference: Date.now() + 1 .then()': clockAndOneThen,
    },
    close() {
      opossumNoTimeout.shutdown();
      opossumDefault.shutdown();
    },
  };
}

/** Issue 15's policies, each alone (a budget through the retry that uses it). */
export function newPolicyCases() {
  const plainRetry = retry();
  const budgeted = retry({ budget: retryBudget() });
  const fusedBudgeted = pipeline(circuitBreaker(), retry({ budget: retryBudget() }));
  const hedged = hedge();
  const gradient2 = adaptiveLimit();
  const aimd = adaptiveLimit({ algorithm: 'aimd' });
  const throttled = throttle();
  const chaosOn = chaos.outcome({ rate: 0.001, value: 1 });
  const chaosOff = chaos.fault({ enabled: false, error: new Error('never') });
  return {
    'reference: res retry() alone, no budget': () => plainRetry.execute(work),
    'res retry({ budget: retryBudget() })': () => budgeted.execute(work),
    'res pipeline(breaker, retry({ budget }))': () => fusedBudgeted.execute(work),
    'res hedge() (delay 2 s, no hedge sent)': () => hedged.execute(work),
    'res adaptiveLimit() (gradient2)': () => gradient2.execute(work),
    "res adaptiveLimit({ algorithm: 'aimd' })": () => aimd.execute(work),
    'res throttle()': () => throttled.execute(work),
    'res chaos.outcome({ rate: 0.001 })': () => chaosOn.execute(work),
    'res chaos.fault({ enabled: false })': () => chaosOff.execute(work),
  };
}

/**
 * The open-breaker path: each breaker is opened by real failures (opossum by
 * `open()`, as its percentage window needs more setup) and stays open for an hour.
 * Each case must reject without calling `work`, which `calls` checks.
 */
export async function rejectionCases() {
  let calls = 0;
  const counted = async () => {
    calls++;
    return 1;
  };
  const resBreaker = circuitBreaker({ recoveryTimeout: HOUR });
  const cockatielAlone = cockatielBreaker(HOUR);
  for (let i = 0; i < 5; i++) {
    await resBreaker.execute(failing).catch(() => undefined);
    await cockatielAlone.execute(failing).catch(() => undefined);
  }
  const resPipeline = pipeline(resBreaker, retry());
  const opossum = new CircuitBreaker(counted, { timeout: false, resetTimeout: HOUR });
  opossum.open();
  if (resBreaker.state !== 'open') throw new Error(`res breaker is ${resBreaker.state}, not open`);
  if (cockatielAlone.state !== cockatiel.CircuitState.Open) throw new Error('cockatiel breaker is not open');
  if (!opossum.opened) throw new Error('opossum breaker is not open');
  return {
    cases: {
      'res circuitBreaker': () => resBreaker.execute(counted),
      'res pipeline(breaker, retry)': () => resPipeline.execute(counted),
      'cockatiel circuitBreaker': () => cockatielAlone.execute(counted),
      opossum: () => opossum.fire(),
    },
    calls: () => calls,
    close() {
      opossum.shutdown();
      resBreaker.dispose();
    },
  };
}
