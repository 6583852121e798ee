import { Emitter, type Unsubscribe } from '@res/core';
import type { Health, ServerNotificationMessage } from '@res/mcp';
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { rpcErrorFor } from '../answers.js';
import type { Logger } from '../log.js';
import type { GatewayServerConfig } from './config.js';
import { oneLine } from './text.js';
import type { HostRouter } from './host-router.js';
import { createMember, type Member } from './member.js';
import type { SupervisorEvent, SupervisorOptions, SupervisorState } from './supervisor.js';

/** Options of a {@link Registry}. */
export interface RegistryOptions {
  logger: Logger;
  supervision?: SupervisorOptions;
  /** Ms the host waits on one server's list before its last known list is served (the fetch goes on). [2_000] */
  listTimeout?: number;
  /** Where the servers' own requests (sampling, elicitation, roots) go: the host sessions. */
  router?: HostRouter;
}

/** The lists the gateway aggregates. */
export type ListKind = 'tools' | 'prompts' | 'resources';

/** One server in `res_health` and on the status page. */
export interface MemberHealth {
  name: string;
  supervisor: SupervisorState | 'misconfigured';
  restarts: number;
  /** Exits since the server was last stable (a restart in progress when > 0 while starting). */
  exits: number;
  nextRestartAt?: number;
  lastExit?: { detail: string; at: number };
  problems?: readonly string[];
  health?: Health;
}

/** What a registry reports: a server's lists changed, or its status moved. */
export interface RegistryEvents {
  'tools-changed': string;
  /** A server's notification for the hosts (logging, resource updates, prompt and resource list changes). */
  notification: { server: string; notification: ServerNotificationMessage };
  status: string;
  supervisor: SupervisorEvent;
}

function redactHealth(health: Health, redact: (text: string) => string): Health {
  return health.lastError === undefined ? health : { ...health, lastError: { ...health.lastError, message: redact(oneLine(health.lastError.message, 1_000)) } };
}

const seconds = (ms: number): number => Math.round(ms / 100) / 10;

function describe(event: SupervisorEvent): string {
  switch (event.type) {
    case 'exit':
      return `${event.server}: exited (${oneLine(event.detail, 1_000)}); exits in a row: ${event.exits}`;
    case 'restart-scheduled':
      return `${event.server}: restart ${event.attempt} in ${seconds(event.delayMs)} s${event.crashLoop ? ' (crash loop)' : ''}`;
    case 'restart':
      return `${event.server}: restarting (attempt ${event.attempt})`;
    case 'up':
      return `${event.server}: up${event.restarts === 0 ? '' : ` after ${event.restarts} restart(s)`}`;
    case 'stable':
      return `${event.server}: stable, restart backoff starts over`;
    case 'crash-loop':
      return `${event.server}: crash loop (${event.exits} exits in a row): breaker held open, next restart in ${seconds(event.delayMs)} s, then at most every ${seconds(event.maxDelayMs)} s`;
  }
}

/**
 * The gateway's servers by name (a `Map`: a name never reaches `Object.prototype`): builds each
 * from its config, supervises it, keeps its last known lists, and diffs a new config on reload.
 *
 * @example const registry = new Registry(readGatewayConfig('gateway.json'), { logger }); registry.start();
 */
export class Registry {
  readonly #members = new Map<string, Member>();
  readonly #unsubscribe = new Map<string, Unsubscribe[]>();
  readonly #events = new Emitter<RegistryEvents>();
  readonly #fetching = new Map<string, Promise<void>>();
  readonly listTimeout: number;

  constructor(configs: readonly GatewayServerConfig[], readonly options: RegistryOptions) {
    this.listTimeout = options.listTimeout ?? 2_000;
    for (const config of configs) this.#add(config);
  }

  /** The members, in config order. */
  members(): Member[] {
    return [...this.#members.values()];
  }

  /** A member by name. */
  get(name: string): Member | undefined {
    return this.#members.get(name);
  }

  /** Subscribes to one kind of registry event. */
  on<K extends keyof RegistryEvents>(event: K, listener: (payload: RegistryEvents[K]) => void): Unsubscribe {
    return this.#events.on(event, listener);
  }

  /** Starts every server at once (none waits on another); misconfigured ones are logged. */
  start(): void {
    for (const member of this.#members.values()) this.#startMember(member);
  }

  /**
   * Fetches one server's list of one kind (its own timeout applies; one fetch at a time per
   * server and kind), keeps it, and reports a change of its tools. A server without prompts or
   * resources lists none; any other failure keeps the last list and rejects.
   *
   * @example await registry.refresh(member, 'tools');
   */
  refresh(member: Member, kind: ListKind): Promise<void> {
    const key = `${member.name}\u0000${kind}`;
    const running = this.#fetching.get(key);
    if (running !== undefined) return running;
    const fetching = this.#fetch(member, kind).finally(() => {
      this.#fetching.delete(key);
    });
    this.#fetching.set(key, fetching);
    return fetching;
  }

  async #fetch(member: Member, kind: ListKind): Promise<void> {
    const { client } = member;
    if (client === undefined) return;
    try {
      if (kind === 'tools') {
        const { tools } = await client.listTools();
        const before = JSON.stringify(member.listed.tools);
        member.listed.tools = tools;
        if (JSON.stringify(tools) !== before) this.#events.emit('tools-changed', member.name);
      } else if (kind === 'prompts') member.listed.prompts = (await client.listPrompts()).prompts;
      else member.listed.resources = (await client.listResources()).resources;
    } catch (error: unknown) {
      if (rpcErrorFor(error).code === (ErrorCode.MethodNotFound as number)) member.listed[kind] = [];
      else throw error;
    }
  }

  /** Every server's supervisor state, restarts and `health()`, for `res_health` and the status page. */
  health(): MemberHealth[] {
    return this.members().map((member) => {
      if (member.client === undefined || member.supervisor === undefined) return { name: member.name, supervisor: 'misconfigured', restarts: 0, exits: 0, problems: member.problems };
      const status = member.supervisor.status();
      return {
        name: member.name,
        supervisor: status.state,
        restarts: status.restarts,
        exits: status.exits,
        ...(status.nextRestartAt === undefined ? {} : { nextRestartAt: status.nextRestartAt }),
        ...(status.lastExit === undefined ? {} : { lastExit: { detail: member.redact(oneLine(status.lastExit.detail, 1_000)), at: status.lastExit.at } }),
        health: redactHealth(member.client.health(), member.redact),
      };
    });
  }

  /**
   * Applies a new config: servers added start, removed ones stop, changed ones restart;
   * untouched servers keep their sessions. Returns the names in each group.
   *
   * @example const { added, removed, changed } = await registry.reload(readGatewayConfig(path));
   */
  async reload(configs: readonly GatewayServerConfig[]): Promise<{ added: string[]; removed: string[]; changed: string[] }> {
    const next = new Map(configs.map((config) => [config.name, config]));
    const added = configs.filter((config) => !this.#members.has(config.name)).map((config) => config.name);
    const removed = [...this.#members.keys()].filter((name) => !next.has(name));
    const changed = configs.filter((config) => {
      const current = this.#members.get(config.name);
      return current !== undefined && JSON.stringify(current.config) !== JSON.stringify(config);
    }).map((config) => config.name);
    await Promise.all([...removed, ...changed].map((name) => this.#remove(name)));
    const order = [...this.#members.entries()];
    this.#members.clear();
    for (const config of configs) {
      const kept = order.find(([name]) => name === config.name)?.[1];
      if (kept === undefined) this.#startMember(this.#add(config));
      else this.#members.set(config.name, kept);
    }
    for (const name of [...added, ...removed, ...changed]) this.#events.emit('tools-changed', name);
    return { added, removed, changed };
  }

  /** Stops every server and closes its client. */
  async close(): Promise<void> {
    await Promise.all([...this.#members.keys()].map((name) => this.#remove(name)));
  }

  #add(config: GatewayServerConfig): Member {
    const member = createMember(config, this.options.supervision, this.options.router);
    this.#members.set(member.name, member);
    const { client, supervisor } = member;
    if (client === undefined || supervisor === undefined) return member;
    const stops = [
      supervisor.on((event) => {
        this.options.logger.info(`gateway: ${member.redact(describe(event))}`);
        this.#events.emit('supervisor', event);
        this.#events.emit('status', member.name);
      }),
      client.on('event', (event) => {
        if (event.type === 'connect' || event.type === 'reconnect') {
          supervisor.up();
          this.refresh(member, 'tools').catch((error: unknown) => {
            this.options.logger.error(`gateway: ${member.name}: tools/list failed: ${member.redact(oneLine(error instanceof Error ? error.message : String(error), 1_000))}`);
          });
        } else if (event.type === 'disconnect' && event.reason !== 'client closed') supervisor.exited(event.reason);
        if (event.type === 'call-end' || event.type === 'state-change' || event.type === 'disconnect') this.#events.emit('status', member.name);
      }),
      client.on('notification', (notification) => {
        if (notification.method === 'notifications/tools/list_changed') {
          this.refresh(member, 'tools').catch(() => undefined); // the next list says why
        } else this.#events.emit('notification', { server: member.name, notification });
      }),
    ];
    this.#unsubscribe.set(member.name, stops);
    return member;
  }

  #startMember(member: Member): void {
    if (member.supervisor === undefined) {
      this.options.logger.error(`gateway: ${member.name} is misconfigured and does not start: ${member.problems.join('; ')}`);
      return;
    }
    member.supervisor.start();
  }

  async #remove(name: string): Promise<void> {
    const member = this.#members.get(name);
    if (member === undefined) return;
    this.#members.delete(name);
    for (const stop of this.#unsubscribe.get(name) ?? []) stop();
    this.#unsubscribe.delete(name);
    member.supervisor?.stop();
    await member.client?.close();
  }
}
