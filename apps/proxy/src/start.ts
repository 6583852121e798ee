import { StdioHostTransport } from './relay/stdio-host.js';
import { offerSpawnedChild, type ResilientClient, type SpawnedChild } from '@res/mcp';
import type { ProxyConfig } from './config.js';
import { stopEarlyChild, takeEarlyChild } from './early-spawn.js';
import { chaosWarning } from './chaos-warning.js';
import { parseArgs } from './cli.js';
import { stderrLogger, type Logger } from './log.js';
import { createProxyServer } from './proxy-server.js';
import { HostLink } from './relay/host-link.js';
import { servingBudget, tuneTierUp } from './tier-up.js';
import { createCommandUpstream, redactorFor } from './upstream-connect.js';

/**
 * Logs one line per breaker state change and per (re)connection; never arguments.
 *
 * @example const stop = logEvents(upstream, stderrLogger()); // later: stop()
 */
export function logEvents(upstream: ResilientClient, logger: Logger): () => void {
  return upstream.on(
    'event',
    (event) => {
      if (event.type === 'state-change') logger.info(`${event.server}${event.tool === undefined ? '' : `/${event.tool}`}: breaker ${event.from} -> ${event.to}`);
      else if (event.type === 'connect' || event.type === 'reconnect') logger.info(`${event.server}: ${event.type === 'reconnect' ? 'reconnected' : 'connected'} in ${event.durationMs} ms`);
      else if (event.type === 'disconnect') logger.info(`${event.server}: disconnected (${event.reason})`);
    },
    { types: ['state-change', 'connect', 'reconnect', 'disconnect'] }, // no per-call events are built for it
  );
}

/**
 * Parses the command line, builds the upstream client (validating everything
 * before anything starts), serves MCP on stdio, and shuts down on stdin EOF or SIGTERM.
 *
 * @example await startProxy(process.argv.slice(2));
 */
export async function startProxy(argv: readonly string[]): Promise<void> {
  const config = parseArgs(argv);
  const budget = servingBudget(process.env); // checked before anything is served; applied once serving
  const logger = stderrLogger(config.quiet === true, redactorFor(config));
  const warning = chaosWarning(config);
  if (warning !== undefined) logger.error(warning); // loud: printed even with --quiet
  if (config.listen !== undefined) {
    const { listen } = await import('./listen.js');
    const front = await listen(config, logger, (upstream) => logEvents(upstream, logger));
    if (budget !== undefined) tuneTierUp(budget, logger);
    const stop = (why: string): void => {
      logger.info(`stopping (${why})`);
      void front.close().finally(() => process.exit(0));
    };
    process.once('SIGTERM', () => { stop('SIGTERM'); });
    process.once('SIGINT', () => { stop('SIGINT'); });
    return;
  }
  const link = new HostLink();
  // The nine adapters load only for --server: a plain `-- COMMAND` starts without them.
  const upstream = config.server === undefined ? createCommandUpstream(config, link) : (await import('./upstream.js')).createUpstream(config, link);
  logEvents(upstream, logger);
  const server = createProxyServer(upstream, {
    healthTool: config.healthTool !== false,
    adminTool: config.adminTool === true,
    logger,
    link,
  });
  let withdraw: (() => SpawnedChild | undefined) | undefined;
  const stopUnadopted = async (graceMs: number): Promise<void> => {
    const unadopted = withdraw?.();
    if (unadopted !== undefined) await stopEarlyChild(unadopted, graceMs);
  };
  let stopMetrics: (() => Promise<void>) | undefined;
  if (config.metricsPort !== undefined) {
    stopMetrics = await startMetrics(upstream, config.metricsPort, config.metricsHost ?? '127.0.0.1', logger);
  }
  let stopping = false;
  // The upstream gets SIGTERM at once and SIGKILL within 1 s (DESIGN §6); a second SIGTERM or SIGINT
  // while stopping kills it at once — a host that sends two signals wants the process gone now.
  const stop = async (why: string): Promise<void> => {
    if (stopping) {
      if (why === 'stdin closed') return;
      logger.info(`${why} while stopping: killing the upstream now`);
      await Promise.allSettled([upstream.close({ graceMs: 0 }), stopUnadopted(0)]);
      process.exit(0);
    }
    stopping = true;
    logger.info(`stopping (${why})`);
    await Promise.allSettled([upstream.close({ graceMs: 1_000 }), stopUnadopted(1_000), server.close(), stopMetrics?.()]);
    process.exit(0);
  };
  process.stdin.on('end', () => void stop('stdin closed'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  // The upstream bin.ts started already, when it is the one this config runs (an unused one is stopped);
  // taken once the handlers above are set, with no await between: a signal always finds one of the two.
  const early = takeEarlyChild();
  if (early !== undefined) withdraw = adoptable(config, early) ? offerSpawnedChild(early) : () => early;
  if (early !== undefined && !adoptable(config, early)) void stopUnadopted(1_000);
  await server.connect(new StdioHostTransport());
  logger.info(`serving ${upstream.name} on stdio (breaker ${upstream.breaker.state})`);
  if (budget !== undefined) tuneTierUp(budget, logger);
}

/** Whether the early child is what this config spawns: the same command and arguments, no adapter, no working directory. */
function adoptable(config: ProxyConfig, early: SpawnedChild): boolean {
  const args = config.args ?? [];
  return config.server === undefined && config.cwd === undefined && config.command === early.command && args.length === early.args.length && args.every((arg, i) => arg === early.args[i]);
}

async function startMetrics(upstream: ResilientClient, port: number, host: string, logger: Logger): Promise<() => Promise<void>> {
  const { startProxyMetrics } = await import('./metrics.js');
  return startProxyMetrics(upstream, port, host, logger);
}
