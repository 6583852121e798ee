// 5. LLM-style calls: a long timeout per attempt, exponential backoff with full jitter, an
// `onRetry` log line per failed attempt and a `maxElapsed` budget for the whole call.
// The times are scaled down ~20x so that the example runs in about two seconds.
//
//   pnpm --filter @res/examples build && node examples/dist/5-llm-calls.js
import { circuitBreaker, pipeline, retry, timeout } from '@res/core';

const started = Date.now();
function log(text: string): void {
  console.log(`${String(Date.now() - started).padStart(5)} ms  ${text}`);
}

/** What a model API answers besides 200: 429/529 when busy, 400 when the prompt is wrong. */
class ApiError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}${status === 529 ? ' overloaded' : status === 400 ? ' prompt too long' : ''}`);
  }
}

// A fake model: overloaded for the next `overloaded` requests, then it answers in 50 ms.
let overloaded = 2;
async function complete(prompt: string, signal: AbortSignal): Promise<string> {
  await new Promise((resolve) => setTimeout(resolve, 50));
  signal.throwIfAborted();
  if (prompt.length > 100) throw new ApiError(400);
  if (overloaded-- > 0) throw new ApiError(529);
  return `a haiku about ${prompt}`;
}

const retries = retry({
  maxAttempts: 20, // a high cap: in an outage the budget is what ends the call
  backoff: 'exponential', // 100, 200, 400, 800 (capped) … before jitter
  baseDelay: 100, // real life: 1-2 s
  maxDelay: 800, // real life: 30-60 s
  jitter: 'full', // a random wait in [0, d]: clients that failed together do not retry together
  maxElapsed: 1_500, // for all attempts and waits: no wait that would overrun it; real life: minutes
  retryOn: (error) => error instanceof ApiError && [429, 500, 503, 529].includes(error.status), // never a 400
  onRetry: ({ attempt, error, delay }) => {
    log(`attempt ${attempt} failed (${error instanceof Error ? error.message : String(error)}); next in ${Math.round(delay)} ms`);
  },
});
retries.on('giveUp', ({ attempts, reason }) => {
  log(`gave up after ${attempts} attempt(s): ${reason === 'elapsed' ? 'the next wait would overrun maxElapsed' : reason}`);
});
// A completion can take minutes: the per-attempt timeout is long, and the breaker lenient.
const llm = pipeline(circuitBreaker({ name: 'llm', failureThreshold: 5, recoveryTimeout: 30_000 }), retries, timeout(120_000));

async function ask(prompt: string): Promise<void> {
  const before = Date.now();
  try {
    const answer = await llm.execute(({ signal }) => complete(prompt, signal));
    log(`answer: ${answer} (in ${Date.now() - before} ms)`);
  } catch (error: unknown) {
    log(`no answer: ${error instanceof Error ? error.message : String(error)} (after ${Date.now() - before} ms)`);
  }
}

await ask('autumn'); // overloaded twice, then answers
overloaded = Infinity; // an outage: retries stop at the budget, well before 20 attempts
await ask('winter');
await ask('x'.repeat(200)); // the caller's mistake: not retried
