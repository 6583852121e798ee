// 1. HTTP API calls: `resilient` (breaker + retry + timeout) around `fetch` to a local
// server that goes down, hangs, answers 429 with a Retry-After, then recovers.
//
//   pnpm --filter @res/examples build && node examples/dist/1-http-api.js
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { BrokenCircuitError, resilient } from '@res/core';

const started = Date.now();
function log(text: string): void {
  console.log(`${String(Date.now() - started).padStart(5)} ms  ${text}`);
}

// The API: 503 while down; once recovering, it hangs once, says 429 (Retry-After: 1) once, then answers.
let mode: 'down' | 'hang' | 'busy' | 'up' = 'down';
const says = { down: '503', hang: 'hangs', busy: '429, Retry-After: 1', up: '200' } as const;
const server = createServer((_request, response) => {
  log(`  server: ${says[mode]}`);
  if (mode === 'down') response.writeHead(503).end();
  else if (mode === 'hang') mode = 'busy'; // never answers: the client's timeout must end it
  else if (mode === 'busy') {
    mode = 'up';
    response.writeHead(429, { 'retry-after': '1' }).end();
  } else response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"green"}');
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/status`;

/** A non-2xx answer; `retryAfter` (ms) is what retry honours as the least wait. */
class HttpError extends Error {
  constructor(readonly status: number, readonly retryAfter?: number) {
    super(`HTTP ${status}`);
  }
}

async function getStatus(signal?: AbortSignal): Promise<unknown> {
  const response = await fetch(url, signal === undefined ? {} : { signal });
  if (response.ok) return response.json();
  const seconds = Number(response.headers.get('retry-after') ?? NaN); // Retry-After: seconds -> ms
  throw Number.isFinite(seconds) ? new HttpError(response.status, seconds * 1_000) : new HttpError(response.status);
}

const statusApi = resilient({
  failureThreshold: 2, // two failed calls (each after its retries) open the circuit
  recoveryTimeout: 500,
  maxAttempts: 3,
  baseDelay: 50,
  jitter: 'none',
  maxDelay: 2_000, // also caps a Retry-After
  timeout: 300, // per attempt
  onRetry: ({ attempt, error, delay }) => {
    log(`attempt ${attempt} failed (${error instanceof Error ? error.message : String(error)}); retry in ${delay} ms`);
  },
})(getStatus);
statusApi.breaker.on('stateChange', ({ from, to }) => {
  log(`breaker ${from} -> ${to}`);
});

// The wrapped function gets no signal; `.policy.execute` hands each attempt its own, so the
// timeout aborts the hanging fetch itself rather than leaving it behind.
const call = (): Promise<unknown> => statusApi.policy.execute(({ signal }) => getStatus(signal));

let nextTrial = 0;
for (let n = 1; n <= 3; n++) {
  try {
    await call();
  } catch (error: unknown) {
    if (!(error instanceof BrokenCircuitError)) log(`call ${n}: failed: ${error instanceof Error ? error.message : String(error)}`);
    else {
      nextTrial = error.retryAfter;
      log(`call ${n}: rejected at once, server not asked (next trial in ${Math.round(nextTrial)} ms)`);
    }
  }
}

mode = 'hang';
await sleep(nextTrial); // until half-open
log(`call 4: breaker ${statusApi.breaker.state}, trial call`);
log(`call 4: ok ${JSON.stringify(await call())}; breaker ${statusApi.breaker.state}`);
server.closeAllConnections();
server.close();
