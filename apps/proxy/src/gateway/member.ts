import type { Prompt, Resource, Tool } from '@modelcontextprotocol/sdk/types.js';
import { ResilientClient, type ConnectOptions, type ServerPolicy, type ToolPolicy } from '@res/mcp';
import { adapters } from '../adapters.js';
import type { GatewayServerConfig } from './config.js';
import { GATEWAY_CLIENT_CAPABILITIES, type HostRouter } from './host-router.js';
import { Supervisor, type SupervisorOptions } from './supervisor.js';
import { redactorFor } from './text.js';

function secretsOf(config: GatewayServerConfig): string[] {
  if (!config.ok) return [];
  const headers = 'url' in config.connect ? Object.values(config.connect.headers) : [];
  return [...Object.values(config.env), ...headers];
}

/** What the gateway last listed of one server: served while the server is away. */
export interface Listed {
  tools: Tool[] | undefined;
  prompts: Prompt[] | undefined;
  resources: Resource[] | undefined;
}

/** One server of the gateway: its client and supervisor, or the problems that keep it from starting. */
export interface Member {
  readonly name: string;
  readonly config: GatewayServerConfig;
  readonly client: ResilientClient | undefined;
  readonly supervisor: Supervisor | undefined;
  /** Why it cannot start (bad config entry, missing credentials): shown in health and on calls. */
  readonly problems: readonly string[];
  readonly listed: Listed;
  /** Hides this server's env and header values in any text shown (health, logs, the status page). */
  readonly redact: (text: string) => string;
}

/**
 * The client of one configured server. A stdio server gets the SDK's default environment plus
 * its own `env` only — never the gateway's environment, never another server's credentials.
 */
function createClient(config: Extract<GatewayServerConfig, { ok: true }>, router: HostRouter | undefined): ResilientClient {
  const { connect: raw, res, env } = config;
  const protocol = router === undefined ? {} : { handlers: router.handlers(config.name), capabilities: GATEWAY_CLIENT_CAPABILITIES };
  const connect: ConnectOptions =
    'url' in raw
      ? { url: raw.url, headers: raw.headers }
      : { command: raw.command, args: raw.args, env: raw.env, ...(raw.cwd === undefined ? {} : { cwd: raw.cwd }), stderr: 'inherit' };
  const policy = res.policy as Partial<ServerPolicy> | undefined;
  const tools = res.tools as Record<string, ToolPolicy> | undefined;
  const options = {
    ...(res.preset === undefined ? {} : { preset: res.preset }),
    ...(policy === undefined ? {} : { policy }),
    ...(tools === undefined ? {} : { tools }),
  };
  const create = res.server === undefined ? undefined : adapters[res.server];
  if (create !== undefined) return create({ env, connect, ...options, ...protocol }).client;
  // The preset name is checked by the client, which names the known ones.
  return new ResilientClient({ name: config.name, connect, ...(options as { preset?: 'external-api' }), ...(policy === undefined ? {} : { policy }), ...(tools === undefined ? {} : { tools }), ...protocol });
}

/** How the supervisor drives a client: start = connect (through a freshly closed breaker); hold = isolate. */
function supervised(client: ResilientClient): ConstructorParameters<typeof Supervisor>[1] {
  return {
    start: async () => {
      client.breaker.reset();
      await client.connect();
    },
    hold: () => {
      client.breaker.isolate();
    },
    release: () => {
      client.breaker.reset();
    },
  };
}

/**
 * Builds a member from its config; a server whose client cannot be built (unknown preset, missing
 * credentials) becomes a member with problems, so it never stops the others.
 *
 * With a `router`, the server's own requests (sampling, elicitation, roots) go to a host session.
 *
 * @example const member = createMember(config, { stableAfter: 30_000 });
 */
export function createMember(config: GatewayServerConfig, supervision: SupervisorOptions = {}, router?: HostRouter): Member {
  const listed: Listed = { tools: undefined, prompts: undefined, resources: undefined };
  const redact = redactorFor(secretsOf(config));
  if (!config.ok) return { name: config.name, config, client: undefined, supervisor: undefined, problems: config.problems.map((line) => line.trim()), listed, redact };
  let client: ResilientClient;
  try {
    client = createClient(config, router);
  } catch (error: unknown) {
    // Construction errors name the option, never a value (the clients' own rule).
    const message = error instanceof Error ? error.message : String(error);
    const hint = config.res.server === undefined ? '' : ` (in a gateway, give them in the "env" block of ${config.name})`;
    return { name: config.name, config, client: undefined, supervisor: undefined, problems: [redact(`${message}${hint}`)], listed, redact };
  }
  return { name: config.name, config, client, supervisor: new Supervisor(config.name, supervised(client), supervision), problems: [], listed, redact };
}
