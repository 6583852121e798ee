import {
  BulkheadPolicy,
  CircuitBreaker,
  FallbackPolicy,
  Pipeline,
  RateLimitPolicy,
  RetryPolicy,
  type PolicyLike,
} from '@res/core';
import { BreakerStates } from './breaker-states.js';
import { REASON_LABEL } from './labels.js';
import type { Metrics } from './metric-set.js';

/** A core policy `instrument` can observe: each reports what its events tell. */
export type ObservablePolicy = CircuitBreaker | RetryPolicy | BulkheadPolicy | RateLimitPolicy | FallbackPolicy | Pipeline;

/** True for the policies whose events `recordPolicy` reads (a pipeline: whatever it holds). */
export function isObservablePolicy(target: unknown): target is ObservablePolicy {
  return (
    target instanceof CircuitBreaker ||
    target instanceof RetryPolicy ||
    target instanceof BulkheadPolicy ||
    target instanceof RateLimitPolicy ||
    target instanceof FallbackPolicy ||
    target instanceof Pipeline
  );
}

/** The first breaker of a policy (depth first), for the default `server` label. */
export function firstBreaker(policy: PolicyLike): CircuitBreaker | undefined {
  if (policy instanceof CircuitBreaker) return policy;
  if (!(policy instanceof Pipeline)) return undefined;
  for (const inner of policy.policies) {
    const found = firstBreaker(inner);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Records a core policy's events under the `server` label (no `tool` label):
 * a breaker's outcomes as calls (success, failure, rejected), its states and
 * transitions; a retry's retries; a bulkhead's and a rate limit's rejections; a
 * fallback's fallbacks; a pipeline's policies, each so. Timeouts emit no events
 * and are skipped. Returns the function that stops recording.
 */
export function recordPolicy(policy: PolicyLike, metrics: Metrics, server: string): () => void {
  const stops: (() => void)[] = [];
  const visit = (each: PolicyLike): void => {
    if (each instanceof Pipeline) each.policies.forEach(visit);
    else if (each instanceof CircuitBreaker) stops.push(recordBreaker(each, metrics, server));
    else if (each instanceof RetryPolicy) stops.push(each.on('retry', () => { metrics.retries.inc({ server }); }));
    else if (each instanceof BulkheadPolicy) stops.push(each.on('rejected', () => { metrics.rejections.inc({ server, reason: REASON_LABEL.bulkhead }); }));
    else if (each instanceof RateLimitPolicy) stops.push(each.on('rejected', () => { metrics.rejections.inc({ server, reason: REASON_LABEL['rate-limit'] }); }));
    else if (each instanceof FallbackPolicy) stops.push(each.on('fallback', () => { metrics.fallbacks.inc({ server }); }));
    // A TimeoutPolicy, or a policy from elsewhere, has no events to read.
  };
  visit(policy);
  return () => {
    for (const stop of stops) stop();
  };
}

function recordBreaker(breaker: CircuitBreaker, metrics: Metrics, server: string): () => void {
  const states = new BreakerStates(metrics, server);
  states.set(undefined, breaker.state);
  const offs = [
    breaker.on('success', () => { metrics.calls.inc({ server, outcome: 'success' }); }),
    breaker.on('failure', () => { metrics.calls.inc({ server, outcome: 'failure' }); }),
    breaker.on('rejected', () => {
      metrics.calls.inc({ server, outcome: 'rejected' });
      metrics.rejections.inc({ server, reason: REASON_LABEL['circuit-open'] });
    }),
    breaker.on('stateChange', ({ from, to }) => { states.change(undefined, from, to); }),
  ];
  return () => {
    for (const off of offs) off();
    states.clear();
  };
}
