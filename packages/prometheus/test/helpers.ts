import { ResilientClient } from '@res/mcp';
import { createInMemoryServer, type InMemoryServerHandle } from '@res/testkit';
import type { Registry } from 'prom-client';

/** A fault-injecting server in memory and a client of it with small, deterministic policies. */
export function itemsClient(options: { name?: string; failureThreshold?: number } = {}): { server: InMemoryServerHandle; client: ResilientClient } {
  const server = createInMemoryServer();
  const client = new ResilientClient({
    name: options.name ?? 'items',
    connect: () => server.transport(),
    preset: 'local',
    policy: {
      timeout: 5_000,
      failureThreshold: options.failureThreshold ?? 2,
      recoveryTimeout: 10_000,
      maxAttempts: 2,
      backoff: 'fixed',
      baseDelay: 100,
      jitter: 'none',
    },
    toolErrorIsFailure: true,
  });
  return { server, client };
}

/** One sample's value from the registry: `undefined` when the series does not exist. */
export async function sample(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const base = name.replace(/_(bucket|sum|count)$/, '');
  const metric = registry.getSingleMetric(base) ?? registry.getSingleMetric(name);
  if (metric === undefined) throw new Error(`no metric ${name}`);
  const { values } = await metric.get();
  const wanted = Object.entries(labels);
  const found = values.find((value) => {
    const own = value as { metricName?: string; labels: Record<string, string | number | undefined> };
    if ((own.metricName ?? base) !== name) return false;
    const keys = Object.keys(own.labels);
    return keys.length === wanted.length && wanted.every(([key, expected]) => String(own.labels[key]) === expected);
  });
  return found?.value;
}

/** Every series of one metric as `labels -> value`, labels rendered `k=v,…` sorted. */
export async function series(registry: Registry, name: string): Promise<Record<string, number>> {
  const base = name.replace(/_(bucket|sum|count)$/, '');
  const metric = registry.getSingleMetric(base);
  if (metric === undefined) throw new Error(`no metric ${name}`);
  const { values } = await metric.get();
  const out: Record<string, number> = {};
  for (const value of values) {
    const own = value as { metricName?: string; labels: Record<string, string | number | undefined> };
    if ((own.metricName ?? base) !== name) continue;
    const key = Object.entries(own.labels)
      .map(([k, v]) => `${k}=${String(v)}`)
      .sort()
      .join(',');
    out[key] = value.value;
  }
  return out;
}
