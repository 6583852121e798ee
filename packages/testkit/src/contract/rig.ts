/**
 * One rig for an adapter's tests: a fake of its server in memory, a client of the adapter
 * connected to it with quick backoffs, both closed after each test. Typed structurally: the
 * adapter is read through its descriptor, never imported.
 */
import { afterEach, vi } from 'vitest';
import type { Catalog } from '../catalog.js';
import { fakeServer, type FakeServerOptions } from '../fake-server.js';
import type { InMemoryServerHandle } from '../in-memory.js';

/**
 * The options the rig gives an adapter's `create` (any adapter's options accept them).
 *
 * @example const options: ContractOptions = { env: {}, policy: { maxAttempts: 1 } };
 */
export interface ContractOptions {
  env?: Readonly<Record<string, string | undefined>>;
  connect?: unknown;
  preset?: unknown;
  policy?: unknown;
  tools?: unknown;
}

/**
 * The part of an adapter client the contract uses.
 *
 * @example const client: ContractClient = createMailgunClient({ env });
 */
export interface ContractClient {
  callTool(name: string, args?: Record<string, unknown>): Promise<unknown>;
  health(): object;
  close(): Promise<void>;
  readonly client: { readonly name: string; readonly connected: boolean; readonly policy: object };
}

/**
 * An adapter's descriptor (what `defineAdapter` made), as the contract reads it.
 *
 * @example const adapter: ContractAdapter<MailgunClient> = mailgunAdapter;
 */
export interface ContractAdapter<Client extends ContractClient> {
  // A method, so that an adapter's narrower options type is accepted.
  create(options?: ContractOptions): Client;
  readonly catalog: Catalog;
  readonly presets: Readonly<Record<string, unknown>>;
  readonly definition: { readonly name: string };
}

/**
 * What every test of one adapter shares.
 *
 * @example const fixture: AdapterFixture<MailgunClient> = { adapter: mailgunAdapter, env: { MAILGUN_API_KEY: 'k', MAILGUN_DOMAIN: 'd' } };
 */
export interface AdapterFixture<Client extends ContractClient> {
  adapter: ContractAdapter<Client>;
  /** Credentials the adapter insists on. [{}] */
  env?: Readonly<Record<string, string>>;
  /** The clients' policy. [quick backoffs without jitter: {@link QUICK}] */
  policy?: Readonly<Record<string, unknown>>;
  /** Options every fake of this server gets (e.g. `{ annotations: true }`). */
  fake?: Omit<FakeServerOptions, 'name'>;
}

/** Backoffs of a millisecond or so, without jitter: retries take no time. */
export const QUICK = { baseDelay: 1, maxDelay: 5, jitter: 'none' } as const;

/**
 * The fake's options, and a catalog other than the adapter's (a newer server's, say).
 *
 * @example const fake: RigFake = { catalog: { ...mermaidCatalog, render_batch: { safety: 'unsafe' } }, omit: ['generate_mermaid_diagram'] };
 */
export type RigFake = Omit<FakeServerOptions, 'name'> & { catalog?: Catalog };

/**
 * The rig's doors: `connect` (a fake in memory and a client on it) and `build` (a client alone).
 *
 * @example const { server, client } = rig.connect({ faults: { get_domains: { type: 'crash' } } });
 */
export interface AdapterRig<Client extends ContractClient> {
  connect(fake?: RigFake, options?: ContractOptions): { server: InMemoryServerHandle; client: Client };
  build(options?: ContractOptions): Client;
}

/**
 * Registers an `afterEach` that restores real timers and closes what the test opened.
 *
 * @example const rig = adapterRig({ adapter: mailgunAdapter, env });
 */
export function adapterRig<Client extends ContractClient>(fixture: AdapterFixture<Client>): AdapterRig<Client> {
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    vi.useRealTimers();
    // Clients first, then their servers.
    for (const item of open.splice(0).reverse()) await item.close();
  });
  const env = fixture.env ?? {};
  const build = (options: ContractOptions = {}): Client => {
    const client = fixture.adapter.create({ env, ...options });
    open.push(client);
    return client;
  };
  return {
    connect({ catalog = fixture.adapter.catalog, ...fake } = {}, options = {}) {
      const server = fakeServer(catalog, { name: fixture.adapter.definition.name, ...fixture.fake, ...fake }).inMemory();
      open.push(server);
      const client = build({ connect: () => server.transport(), policy: fixture.policy ?? QUICK, ...options });
      return { server, client };
    },
    build,
  };
}
