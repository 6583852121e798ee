import type { ResilientClient } from '@res/mcp';
import { instrument, metricsServer } from '@res/prometheus';
import { Registry } from 'prom-client';
import type { Logger } from './log.js';

/** Serves Prometheus `/metrics` for the upstream on host:port (@res/prometheus); returns a stop function. */
export async function startProxyMetrics(upstream: ResilientClient, port: number, host: string, logger: Logger): Promise<() => Promise<void>> {
  const registry = new Registry();
  const stopInstrumenting = instrument(upstream, { registry });
  const endpoint = await metricsServer({ registry, port, host });
  logger.info(`metrics on ${endpoint.url}`);
  return async () => {
    stopInstrumenting();
    await endpoint.close();
  };
}
