import { StdioHostTransport } from '../relay/stdio-host.js';
import { watch, type FSWatcher } from 'node:fs';
import { ConfigError } from '../config.js';
import { stderrLogger, type Logger } from '../log.js';
import { gatherLists } from './aggregate.js';
import { gatewayProgram, type GatewayFlags } from './cli.js';
import { readGatewayConfig } from './config.js';
import { createGatewayServer } from './gateway-server.js';
import { collisionMessage, Namespace } from './names.js';
import { HostRouter } from './host-router.js';
import { Registry } from './registry.js';
import { startHttpFront, type HttpFront } from '../http-front.js';
import { parseListen } from '../listen.js';
import { readiness, registrySource, statusRoutes } from './status-server.js';
import { servingBudget, tuneTierUp } from '../tier-up.js';

/** A running gateway: its registry, and how to reload and stop it. */
export interface Gateway {
  registry: Registry;
  /** Routes the servers' own requests (sampling, elicitation, roots) to a host session. */
  router: HostRouter;
  reload: () => Promise<void>;
  stop: () => Promise<void>;
}

/**
 * Builds the gateway from its flags and starts every server at once. With `--no-prefix`, waits for
 * the first lists (bounded by `--list-timeout`) and refuses names that two servers offer.
 *
 * @example const gateway = await createGateway(flags, stderrLogger());
 */
export async function createGateway(flags: GatewayFlags, logger: Logger): Promise<Gateway> {
  const names = new Namespace({ separator: flags.separator, prefix: flags.prefix });
  const router = new HostRouter();
  const registry = new Registry(readGatewayConfig(flags.config), {
    logger,
    router,
    ...(flags.stableAfter === undefined ? {} : { supervision: { stableAfter: flags.stableAfter } }),
    ...(flags.listTimeout === undefined ? {} : { listTimeout: flags.listTimeout }),
  });
  registry.start();
  if (!names.prefix) {
    const lists = await gatherLists(registry, 'tools', logger);
    const { collisions } = names.routes(lists.map(([member, tools]) => [member.name, tools.map((tool) => tool.name)]));
    if (collisions.length > 0) {
      await registry.close();
      throw new ConfigError(collisionMessage(collisions, 'tool'));
    }
  }
  let reloading = Promise.resolve();
  const reload = (): Promise<void> => {
    reloading = reloading.then(async () => {
      try {
        const { added, removed, changed } = await registry.reload(readGatewayConfig(flags.config));
        logger.info(`gateway: reloaded ${flags.config}: added [${added.join(', ')}], removed [${removed.join(', ')}], restarted [${changed.join(', ')}]`);
      } catch (error: unknown) {
        logger.error(`gateway: reload of ${flags.config} refused, keeping the running servers: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
    return reloading;
  };
  return { registry, router, reload, stop: () => registry.close() };
}

/** `--listen`: the streamable HTTP front, one gateway server per host session over the shared servers, the status page at `/`. */
async function listenGateway(flags: GatewayFlags, gateway: Gateway, newServer: () => ReturnType<typeof createGatewayServer>, logger: Logger): Promise<HttpFront> {
  const { host, port } = parseListen(flags.listen ?? '');
  let authToken: string | undefined;
  if (flags.authTokenEnv !== undefined) {
    authToken = process.env[flags.authTokenEnv];
    if (authToken === undefined || authToken.trim() === '') throw new ConfigError(`--auth-token-env: the environment variable ${flags.authTokenEnv} is not set or empty`);
  }
  const source = registrySource(gateway.registry);
  const front = await startHttpFront({
    host,
    port,
    logger,
    ...(authToken === undefined ? {} : { authToken }),
    session: () => ({ server: newServer() }),
    ready: () => readiness(source),
    routes: statusRoutes(source),
  });
  logger.info(`gateway: serving ${gateway.registry.members().length} server(s) on ${front.url}; status page at ${front.url.replace(/mcp$/, '')}`);
  return front;
}

/** Reloads on a change of the file (debounced: editors write in several steps). */
function watchFile(path: string, reload: () => Promise<void>): FSWatcher | undefined {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const watcher = watch(path, () => {
      clearTimeout(timer);
      timer = setTimeout(() => void reload(), 200);
      timer.unref();
    });
    watcher.unref();
    return watcher;
  } catch {
    return undefined;
  }
}

/**
 * `res-proxy --config gateway.json`: every server behind one MCP server on stdio; reloads on
 * SIGHUP and on a change of the file; stops on stdin EOF, SIGTERM or SIGINT.
 *
 * @example await startGateway(['--config', 'gateway.json']);
 */
export async function startGateway(argv: readonly string[]): Promise<void> {
  const command = gatewayProgram().exitOverride().configureOutput({ writeOut: (s) => process.stderr.write(s), writeErr: (s) => process.stderr.write(s) });
  const flags = command.parse([...argv], { from: 'user' }).opts<GatewayFlags>();
  const logger = stderrLogger(flags.quiet === true);
  const budget = servingBudget(process.env); // checked before anything starts; applied once serving
  const gateway = await createGateway(flags, logger);
  const names = new Namespace({ separator: flags.separator, prefix: flags.prefix });
  const newServer = () => createGatewayServer({ registry: gateway.registry, router: gateway.router, names, logger, healthTool: flags.healthTool });
  const closers: (() => Promise<void>)[] = [gateway.stop];
  if (flags.statusPort !== undefined) {
    const { startStatusServer } = await import('./status-server.js');
    closers.push((await startStatusServer(gateway.registry, { port: flags.statusPort, host: flags.statusHost, logger })).stop);
  }
  if (flags.listen !== undefined) {
    const front = await listenGateway(flags, gateway, newServer, logger);
    closers.push(() => front.close());
  }
  const serving = (): void => {
    if (budget !== undefined) tuneTierUp(budget, logger);
  };
  const watcher = flags.watch ? watchFile(flags.config, gateway.reload) : undefined;
  process.on('SIGHUP', () => void gateway.reload());
  let stopping = false;
  const stop = async (why: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info(`gateway: stopping (${why})`);
    watcher?.close();
    await Promise.allSettled(closers.map((close) => close()));
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  if (flags.listen !== undefined) {
    serving();
    return;
  }
  const server = newServer();
  closers.push(() => server.close());
  process.stdin.on('end', () => void stop('stdin closed'));
  await server.connect(new StdioHostTransport());
  logger.info(`gateway: serving ${gateway.registry.members().length} server(s) on stdio`);
  serving();
}
