import type { ClientEvent, ResilientClient } from '@res/mcp';
import { BreakerStates } from './breaker-states.js';
import { OUTCOME_LABEL, REASON_LABEL, type ToolLabels } from './labels.js';
import type { Metrics } from './metric-set.js';

/**
 * Records a client's events into the metrics: calls, durations, retries,
 * rejections, fallbacks, breaker states and transitions, reconnects, connection;
 * retry-budget refusals, hedges sent and won, chaos injections; and at scrape time the
 * budget's balance, the adaptive concurrency limit and the throttle's probability.
 * Returns the function that stops recording (and removes the client's gauges).
 */
export function recordClient(client: ResilientClient, metrics: Metrics, tools: ToolLabels): () => void {
  const server = client.name;
  const breakers = new BreakerStates(metrics, server);
  breakers.set(undefined, client.breaker.state);
  for (const [tool, state] of Object.entries(client.health().tools ?? {})) breakers.set(tools.label(tool), state);
  metrics.connected.set({ server }, client.connected ? 1 : 0);

  const record = (event: ClientEvent): void => {
    switch (event.type) {
      case 'call-end': {
        const tool = tools.label(event.tool);
        metrics.calls.inc({ server, tool, outcome: OUTCOME_LABEL[event.outcome] });
        // Rejections take no time and aborts say nothing of the server: neither would tell latency.
        if (event.outcome !== 'rejected' && event.outcome !== 'aborted') metrics.duration.observe({ server, tool }, event.durationMs / 1000);
        return;
      }
      case 'retry':
        metrics.retries.inc({ server, tool: tools.label(event.tool) });
        return;
      case 'rejected':
        metrics.rejections.inc({ server, tool: tools.label(event.tool), reason: REASON_LABEL[event.reason] });
        return;
      case 'fallback':
        metrics.fallbacks.inc({ server, tool: tools.label(event.tool) });
        return;
      case 'state-change':
        breakers.change(event.tool === undefined ? undefined : tools.label(event.tool), event.from, event.to);
        return;
      case 'reconnect':
        metrics.reconnects.inc({ server });
        metrics.connected.set({ server }, 1);
        return;
      case 'connect':
        metrics.connected.set({ server }, 1);
        return;
      case 'disconnect':
        metrics.connected.set({ server }, 0);
        return;
      case 'budget-refused':
        metrics.budgetRefusals.inc({ server, tool: tools.label(event.tool), by: event.by });
        return;
      case 'hedge':
        metrics.hedges.inc({ server, tool: tools.label(event.tool) });
        return;
      case 'hedge-won':
        metrics.hedgeWins.inc({ server, tool: tools.label(event.tool) });
        return;
      case 'chaos':
        metrics.chaosInjected.inc({ server, tool: tools.label(event.tool), kind: event.kind });
        return;
      case 'call-start':
        return;
    }
  };
  const unsubscribe = client.on('event', record);
  // Gauges that move with time (the budget refills, the throttle's window slides): read at scrape.
  const scrape = (): void => {
    const { retryBudget, concurrency, throttle } = client.health();
    if (retryBudget !== undefined) metrics.budgetBalance.set({ server }, retryBudget.balance);
    if (concurrency !== undefined) metrics.concurrencyLimit.set({ server }, concurrency.limit);
    if (throttle !== undefined) metrics.throttleProbability.set({ server }, throttle.probability);
  };
  scrape();
  metrics.scrapeHooks.add(scrape);
  return () => {
    unsubscribe();
    metrics.scrapeHooks.delete(scrape);
    metrics.budgetBalance.remove({ server });
    metrics.concurrencyLimit.remove({ server });
    metrics.throttleProbability.remove({ server });
    breakers.clear();
    metrics.connected.remove({ server });
  };
}
