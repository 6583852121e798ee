// A flaky weather service behind pipeline(fallback, breaker, retry, timeout), with real
// (short) timers: it works, goes down for ~1.4 s, then comes back. One line per event.
//
//   pnpm build && node packages/core/examples/quickstart.js   (from the repository root)
//
// In your own code, import from '@res/core' instead of '../dist/index.js'.
import { setTimeout as sleep } from 'node:timers/promises';
import { circuitBreaker, fallback, pipeline, retry, timeout } from '../dist/index.js';

const started = Date.now();
const OUTAGE = { from: 400, to: 1_800 }; // ms after start
let outageAttempts = 0;

/** The dependency: down during the outage, where it fails fast (503) or hangs. */
async function getForecast(signal) {
  const now = Date.now() - started;
  if (now < OUTAGE.from || now >= OUTAGE.to) return 'sunny, 21 °C';
  if (++outageAttempts % 2 === 1) throw new Error('503 Service Unavailable');
  // Hangs until the timeout aborts the attempt's signal.
  return new Promise((_resolve, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

const lastGood = fallback('sunny, 21 °C (cached)');
const breaker = circuitBreaker({ name: 'weather', failureThreshold: 2, recoveryTimeout: 700 });
const retries = retry({ maxAttempts: 3, backoff: 'exponential', baseDelay: 40, jitter: 'none' });
const policy = pipeline(lastGood, breaker, retries, timeout(150));

const log = (text) => console.log(`${((Date.now() - started) / 1000).toFixed(3)}s  ${text}`);
const describe = (error) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

retries.on('retry', ({ attempt, error, delay }) => log(`retry     attempt ${attempt} failed (${describe(error)}); next in ${delay} ms`));
const why = { attempts: 'none left', 'not-retryable': 'error not retried', elapsed: 'maxElapsed spent' };
retries.on('giveUp', ({ attempts, reason }) => log(`retry     gave up after ${attempts} attempts (${why[reason]})`));
breaker.on('stateChange', ({ from, to }) => log(`breaker   ${from} -> ${to}`));
breaker.on('rejected', ({ retryAfter }) => log(`breaker   rejected at once; next trial in ${Math.round(retryAfter)} ms`));
lastGood.on('fallback', ({ error }) => log(`fallback  served the cached forecast (${describe(error)})`));

// A call every 250 ms for ~3 s; a call that runs late skips the slots it missed.
for (let call = 1; Date.now() - started < 2_900; call++) {
  const forecast = await policy.execute(({ signal }) => getForecast(signal));
  log(`call ${String(call).padStart(2)}   -> ${forecast}`);
  await sleep(250 - ((Date.now() - started) % 250));
}

const { failures, successes, rejections } = breaker.stats();
log(`done: breaker ${breaker.state}; ${successes} successes, ${failures} failures, ${rejections} rejections`);
// Nothing to close: no timer of a finished call is left, and a breaker's own timer never holds the process.
