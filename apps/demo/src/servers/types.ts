/**
 * What the demo knows about one server: its adapter, how its fake answers, what goes wrong
 * with it and when, and what an application asks of it.
 */
import type { Adapter, ArgsOf, AdapterOptions, Catalog, ClientEvent, Health, Preset, ToolSafety } from '@res/mcp';
import type { CatalogEntry as FakeEntry, Catalog as FakeCatalog, FaultPlan, SeededRandom } from '@res/testkit';

/**
 * From `at` (a fraction of the run, 0..1) the server's fault plan is `faults` (an empty plan
 * is a calm phase). Every step ends before {@link CALM_AT}, when every fault is cleared.
 *
 * @example const step: FaultStep = { at: 0.3, label: 'outage: 503', faults: { '*': mailgunFaults.error(503) } };
 */
export interface FaultStep {
  at: number;
  /** Shown in the table's "injected fault" column. */
  label: string;
  faults: FaultPlan;
}

/** The fraction of the run after which every server is calm, so every breaker can close. */
export const CALM_AT = 0.68;

/**
 * One kind of call the workload makes: a tool, how often (relative weight), plausible arguments.
 *
 * @example const item: WorkloadItem = { tool: 'get_domains', weight: 4, args: () => ({ limit: 10 }) };
 */
export interface WorkloadItem {
  readonly tool: string;
  readonly weight: number;
  readonly args: (rng: SeededRandom) => Record<string, unknown>;
}

/** The part of an adapter client the demo uses, with the catalog's types erased. */
export interface DemoClient {
  call(tool: string, args: Record<string, unknown>): Promise<unknown>;
  listTools(): Promise<unknown>;
  health(): Health;
  on(event: 'event', listener: (event: ClientEvent) => void): () => void;
  close(): Promise<void>;
}

/**
 * One of the nine servers, ready for the engine (see {@link defineDemoServer}).
 *
 * @example SERVERS.map((server) => server.name); // ['mahavishnu', 'session-buddy', …]
 */
export interface DemoServer {
  readonly name: string;
  /** The real server it stands for, e.g. 'Mailgun-MCP'. */
  readonly title: string;
  /** The adapter's catalog: the fake serves exactly these tools. */
  readonly catalog: FakeCatalog;
  /** Answers the fake gives (data, so they cross into the stdio child). */
  readonly results: Readonly<Record<string, unknown>>;
  /** The fake's normal latency, ms (or per tool). */
  readonly latencyMs: number | Readonly<Record<string, number>>;
  /** Dummy credentials the adapter insists on. */
  readonly env: Readonly<Record<string, string>>;
  readonly workload: readonly WorkloadItem[];
  /** Read tools that serve their last good answer (stale) when the server fails. */
  readonly cached: readonly string[];
  readonly timeline: readonly FaultStep[];
  /** The adapter's default preset, before the demo compresses its times. */
  readonly preset: Readonly<Preset>;
  safety(tool: string): ToolSafety;
  create(options: AdapterOptions): DemoClient;
}

type ToolOf<C> = keyof C & string;

/** An adapter catalog that testkit's `fakeServer` can serve too (every adapter's `as const` catalog is). */
export type ServedCatalog = Catalog & Readonly<Record<string, FakeEntry>>;

/** A workload entry typed by the adapter's catalog and arguments. */
export type TypedWorkload<C extends ServedCatalog, A> = {
  [K in ToolOf<C>]: { readonly tool: K; readonly weight: number; readonly args: (rng: SeededRandom) => ArgsOf<A, K> };
}[ToolOf<C>];

/** What a server module declares; {@link defineDemoServer} checks it against the adapter's types. */
export interface DemoServerSpec<C extends ServedCatalog, A, V extends string> {
  /** The adapter's descriptor: its name, catalog, presets and client factory. */
  adapter: Adapter<C, A, V>;
  title: string;
  env?: Record<string, string>;
  results: Partial<Record<NoInfer<ToolOf<C>>, unknown>>;
  latencyMs: number | Partial<Record<NoInfer<ToolOf<C>>, number>>;
  workload: readonly NoInfer<TypedWorkload<C, A>>[];
  cached?: readonly NoInfer<ToolOf<C>>[];
  timeline: readonly FaultStep[];
}

/**
 * Turns a server module's typed declaration into a {@link DemoServer}: tool names and
 * arguments are checked by the compiler against the adapter's catalog and argument types.
 *
 * @example export const mailgun = defineDemoServer({ adapter: mailgunAdapter, title: 'Mailgun-MCP', … });
 */
export function defineDemoServer<C extends ServedCatalog, A, V extends string>(spec: DemoServerSpec<C, A, V>): DemoServer {
  const { adapter } = spec;
  return {
    name: adapter.definition.name,
    title: spec.title,
    catalog: adapter.catalog,
    results: spec.results,
    latencyMs: spec.latencyMs as number | Record<string, number>,
    env: spec.env ?? {},
    workload: spec.workload as readonly WorkloadItem[],
    cached: spec.cached ?? [],
    timeline: spec.timeline,
    preset: adapter.presets.default,
    safety: (tool) => adapter.catalog[tool]?.safety ?? 'unsafe',
    create: (options) => {
      const client = adapter.create(options);
      return {
        // The workload's entries were type-checked per tool above; here the name is erased.
        call: (tool, args) => client.call(tool, args as ArgsOf<A, ToolOf<C>>),
        listTools: () => client.listTools(),
        health: () => client.health(),
        on: (event, listener) => client.on(event, listener),
        close: () => client.close(),
      };
    },
  };
}

/**
 * A fault that strikes a fraction of calls (seeded by the engine from `--seed`).
 *
 * @example flaky(0.3, mailgunFaults.error(503));
 */
export function flaky(probability: number, fault: FaultPlan[string]): FaultPlan[string] {
  return { type: 'random', probability, fault };
}
