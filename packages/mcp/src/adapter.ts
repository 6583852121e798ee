import type { Unsubscribe } from '@res/core';
import type { CallToolResult, ListToolsResult } from '@modelcontextprotocol/sdk/types.js';
import { ResilientClient } from './client.js';
import { McpCallError } from './errors.js';
import type { ClientEvent } from './events.js';
import type { Health } from './health.js';
import { presets as corePresets } from './presets.js';
import { show } from './options.js';
import type {
  CallOptions,
  Catalog,
  ConnectOptions,
  ErrorClassifier,
  Preset,
  PresetName,
  ResilientClientOptions,
  ResultClassifier,
  ServerPolicy,
  ToolPolicy,
} from './types.js';

/** Environment variables: read from `options.env`, else `process.env`. */
export type EnvSource = Record<string, string | undefined>;

/** What an adapter package declares: only what differs between servers. */
export interface AdapterDefinition<C extends Catalog, V extends string> {
  /** The server's name (errors, events, metrics), e.g. `'mailgun'`. */
  name: string;
  /** The package, for error messages, e.g. `'@res/mailgun'`. */
  packageName: string;
  /** The launch the server documents: a URL or a command (a function of the environment when it depends on it). */
  launch: ConnectOptions | ((env: EnvSource) => ConnectOptions);
  /** Every tool, with its safety. */
  tools: C;
  /** `'default'` and the adapter's variants. */
  presets: Record<'default' | V, Preset>;
  /** Reads the server's in-band failures. */
  classifyResult?: ResultClassifier;
  /** Reads the server's JSON-RPC errors by their message (one code for faults and caller errors). */
  classifyError?: ErrorClassifier;
  /** Whether `isError` results count as failures. [false] */
  toolErrorIsFailure?: boolean | ((result: CallToolResult) => boolean);
  /** Credentials the server needs (checked before anything starts) and variables passed through to a stdio child. */
  env?: { required?: readonly string[]; passthrough?: readonly string[] };
  /** The variable that chooses the server's tool set. */
  profileEnv?: string;
}

/** Options of an adapter's `create…Client`. */
export interface AdapterOptions<V extends string = never> {
  /** Replaces `process.env` as the source of variables. */
  env?: EnvSource;
  /** Where the server is (default: the launch the server documents). */
  connect?: ConnectOptions;
  /** The adapter's presets (`'default'` + variants), a core preset name, or a preset object merged onto `'default'`. */
  preset?: 'default' | V | PresetName | Partial<Preset>;
  policy?: Partial<ServerPolicy>;
  tools?: Record<string, ToolPolicy>;
  /** Overrides the adapter's `isError` handling. */
  toolErrorIsFailure?: boolean | ((result: CallToolResult) => boolean);
  /** Tool arguments in events. [false] */
  includeArgumentsInEvents?: boolean;
  /** Answers to the server's own requests (see `ResilientClientOptions.handlers`). */
  handlers?: ResilientClientOptions['handlers'];
  /** Details of the declared client capabilities (see `ResilientClientOptions.capabilities`). */
  capabilities?: ResilientClientOptions['capabilities'];
}

/** Arguments per tool name: typed where the adapter declares them, an object otherwise. */
export type ArgsOf<A, K extends PropertyKey> = K extends keyof A ? A[K] : Record<string, unknown>;

/** A resilient client for one server, typed by its catalog. */
export interface AdapterClient<C extends Catalog, A = object> {
  /** Calls a catalog tool (a name outside the catalog is refused without a request). */
  call<K extends keyof C & string>(name: K, args?: ArgsOf<A, K>, options?: CallOptions): Promise<CallToolResult>;
  /** Calls any tool: the untyped escape hatch. */
  callTool(name: string, args?: Record<string, unknown>, options?: CallOptions): Promise<CallToolResult>;
  listTools(options?: CallOptions): Promise<ListToolsResult>;
  health(): Health;
  on(event: 'event', listener: (event: ClientEvent) => void): Unsubscribe;
  close(): Promise<void>;
  /** The underlying {@link ResilientClient}. */
  readonly client: ResilientClient;
}

/** What `defineAdapter` gives an adapter package to export. */
export interface Adapter<C extends Catalog, A, V extends string> {
  create(options?: AdapterOptions<V>): AdapterClient<C, A>;
  readonly catalog: C;
  readonly presets: Readonly<Record<'default' | V, Preset>>;
  readonly definition: AdapterDefinition<C, V>;
}

/**
 * Any adapter, its catalog's and arguments' types erased: what a host that serves every
 * adapter (the proxy) holds. Every {@link Adapter} is one, without a cast; its clients
 * keep `callTool` (any tool by name) and lose the typed `call`.
 *
 * @example const shipped: readonly AnyAdapter[] = [mailgunAdapter, unifiAdapter];
 */
export interface AnyAdapter {
  create(options?: AdapterOptions<string>): Omit<AdapterClient<Catalog>, 'call'>;
  readonly catalog: Catalog;
  readonly presets: Readonly<Record<string, Preset>>;
  readonly definition: AdapterDefinition<Catalog, string>;
}

/**
 * The one way adapter packages are made: a catalog, presets, a classifier, a
 * launch and the credentials it needs. Validates everything before anything starts.
 *
 * @example
 * const adapter = defineAdapter<typeof catalog, MailArgs, never>({ name: 'mail', packageName: '@acme/mail', launch: { url: 'http://127.0.0.1:3039/mcp' }, tools: catalog, presets: { default: presets['external-api'] }, env: { required: ['API_KEY'] } });
 * export const createMailClient = adapter.create;
 */
export function defineAdapter<C extends Catalog, A = object, V extends string = never>(definition: AdapterDefinition<C, V>): Adapter<C, A, V> {
  if (typeof (definition.presets as Record<string, Preset | undefined>).default !== 'object') {
    throw new TypeError(`defineAdapter ${definition.name}: presets.default is required`);
  }
  const create = (options: AdapterOptions<V> = {}): AdapterClient<C, A> => {
    if (typeof options !== 'object' || (options as unknown) === null) throw new TypeError(`${definition.packageName}: options must be an object, got ${show(options)}`);
    const env = options.env ?? process.env;
    checkCredentials(definition, env);
    const connect = withEnv(options.connect ?? resolveLaunch(definition.launch, env), definition, env);
    const client = new ResilientClient({
      name: definition.name,
      connect,
      preset: resolvePreset(definition, options.preset),
      ...(options.policy === undefined ? {} : { policy: options.policy }),
      ...(options.tools === undefined ? {} : { tools: options.tools }),
      toolErrorIsFailure: options.toolErrorIsFailure ?? definition.toolErrorIsFailure ?? false,
      ...(definition.classifyResult === undefined ? {} : { classifyResult: definition.classifyResult }),
      ...(definition.classifyError === undefined ? {} : { classifyError: definition.classifyError }),
      catalog: definition.tools,
      ...(definition.profileEnv === undefined ? {} : { profileEnv: definition.profileEnv }),
      ...(options.includeArgumentsInEvents === undefined ? {} : { includeArgumentsInEvents: options.includeArgumentsInEvents }),
      ...(options.handlers === undefined ? {} : { handlers: options.handlers }),
      ...(options.capabilities === undefined ? {} : { capabilities: options.capabilities }),
    });
    return {
      call(name, args, callOptions) {
        if (!Object.hasOwn(definition.tools, name)) {
          return Promise.reject(new McpCallError({
            server: definition.name, tool: name, kind: 'caller', sent: false, counted: false,
            message: `${definition.name}: "${name}" is not a tool of ${definition.packageName}'s catalog; use callTool() for tools outside it`,
          }));
        }
        return client.callTool(name, args as Record<string, unknown> | undefined, callOptions);
      },
      callTool: (name, args, callOptions) => client.callTool(name, args, callOptions),
      listTools: (callOptions) => client.listTools(callOptions),
      health: () => client.health(),
      on: (event, listener) => client.on(event, listener),
      close: () => client.close(),
      client,
    };
  };
  return { create, catalog: definition.tools, presets: definition.presets, definition };
}

/** Missing or empty required variables: one `TypeError` naming all of them (never their values). */
function checkCredentials(definition: AdapterDefinition<Catalog, string>, env: EnvSource): void {
  const missing = (definition.env?.required ?? []).filter((key) => {
    const value = env[key];
    return value === undefined || value.trim() === '';
  });
  if (missing.length > 0) {
    throw new TypeError(
      `${definition.packageName}: missing required environment variable${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ` +
        `(set ${missing.length > 1 ? 'them' : 'it'} in process.env or pass { env: { … } })`,
    );
  }
}

function resolveLaunch(launch: AdapterDefinition<Catalog, string>['launch'], env: EnvSource): ConnectOptions {
  // A launch that is itself a transport factory takes no arguments; a launch function takes the environment.
  if (typeof launch === 'function' && launch.length >= 1) return (launch as (env: EnvSource) => ConnectOptions)(env);
  return launch as ConnectOptions;
}

/** Adds required and passthrough variables to a stdio child's environment; the user's own entries win. */
function withEnv(connect: ConnectOptions, definition: AdapterDefinition<Catalog, string>, env: EnvSource): ConnectOptions {
  if (typeof connect === 'function' || !('command' in connect)) return connect;
  const added: Record<string, string> = {};
  for (const key of [...(definition.env?.required ?? []), ...(definition.env?.passthrough ?? [])]) {
    const value = env[key];
    if (value !== undefined && value !== '') added[key] = value;
  }
  return { ...connect, env: { ...added, ...connect.env } };
}

function resolvePreset(definition: AdapterDefinition<Catalog, string>, preset: AdapterOptions<string>['preset']): Preset {
  const own = definition.presets as Record<string, Preset | undefined>;
  const base = own.default;
  if (base === undefined) throw new TypeError(`${definition.packageName}: presets.default is required`);
  if (preset === undefined) return base;
  if (typeof preset === 'string') {
    // Own keys only: `constructor` or `__proto__` must not find Object.prototype's members.
    const found = (Object.hasOwn(own, preset) ? own[preset] : undefined) ?? (Object.hasOwn(corePresets, preset) ? (corePresets as Record<string, Preset | undefined>)[preset] : undefined);
    if (found === undefined) {
      const names = [...Object.keys(own), ...Object.keys(corePresets)].map((n) => `'${n}'`).join(', ');
      throw new TypeError(`${definition.packageName}: preset must be one of ${names} or a preset object, got ${show(preset)}`);
    }
    return found;
  }
  if (typeof preset !== 'object' || (preset as unknown) === null) {
    throw new TypeError(`${definition.packageName}: preset must be a preset name or object, got ${show(preset)}`);
  }
  return { ...base, ...preset };
}
