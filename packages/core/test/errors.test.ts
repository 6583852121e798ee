import { describe, expect, it } from 'vitest';
import {
  BrokenCircuitError,
  BulkheadRejectedError,
  IsolatedCircuitError,
  RateLimitError,
  ResilienceError,
  TimeoutError,
} from '../src/index.js';

describe('errors carry their facts as fields', () => {
  it.each([
    [new BrokenCircuitError('billing', 7_500), 'BrokenCircuitError', { breakerName: 'billing', retryAfter: 7_500 }, /billing.*7\.5 s/],
    [new BrokenCircuitError('billing', 0), 'BrokenCircuitError', { retryAfter: 0 }, /0 ms/],
    [new IsolatedCircuitError('unifi'), 'IsolatedCircuitError', { breakerName: 'unifi', retryAfter: Infinity }, /unifi.*isolated/],
    [new TimeoutError(2_000), 'TimeoutError', { timeout: 2_000 }, /2 s/],
    [new BulkheadRejectedError(4, 10), 'BulkheadRejectedError', { limit: 4, queue: 10 }, /4 in flight and 10 queued/],
    [new RateLimitError(250), 'RateLimitError', { retryAfter: 250 }, /250 ms/],
  ])('%s', (error, name, fields, message) => {
    expect(error).toBeInstanceOf(ResilienceError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error).toMatchObject(fields);
    expect(error.message).toMatch(message);
  });

  it('an isolated circuit is a broken circuit too', () => {
    expect(new IsolatedCircuitError('x')).toBeInstanceOf(BrokenCircuitError);
  });

  it('ResilienceError keeps a cause', () => {
    const cause = new Error('root');
    expect(new ResilienceError('wrapped', { cause }).cause).toBe(cause);
  });
});
