/**
 * Fakes of real servers: a catalog served with realistic answers and injectable faults, in
 * any of the three modes.
 */
import type { Responder } from './call.js';
import { type Catalog, catalogNames, type CatalogOptions, catalogTools } from './catalog.js';
import type { FaultPlan } from './faults.js';
import { type HttpServerHandle, type HttpServerOptions, startHttpServer } from './http.js';
import { createInMemoryServer, type InMemoryServerHandle } from './in-memory.js';
import { type StdioServerHandle, type StdioServerOptions, stdioServer } from './stdio.js';
import type { ToolSpec } from './tools.js';

/**
 * Options of {@link fakeServer}: how the catalog becomes tools, plus faults and answers.
 *
 * @example const options: FakeServerOptions = { name: 'mailgun', respond: { get_domains: () => ({ items: [] }) } };
 */
export interface FakeServerOptions extends CatalogOptions {
  /** Server name reported on `initialize`; default `'fake'`. */
  name?: string;
  /** Faults in force from the start. */
  faults?: FaultPlan;
  /** Realistic answers computed per call (in-memory and HTTP; over stdio use `results` or `respondModule`). */
  respond?: Readonly<Record<string, Responder>>;
}

/**
 * A catalog ready to serve; each method starts an independent server (own plan, own ledger).
 *
 * @example const fake = fakeServer(mailgunCatalog); const server = fake.inMemory();
 */
export interface FakeServer {
  /** The tools served (after `omit` and `profile`). */
  readonly tools: readonly ToolSpec[];
  inMemory(): InMemoryServerHandle;
  /** A stdio server; throws if `respond` functions were given without a `respondModule`. */
  stdio(options?: Pick<StdioServerOptions, 'respondModule' | 'env'>): StdioServerHandle;
  http(options?: Pick<HttpServerOptions, 'port' | 'jsonResponse'>): Promise<HttpServerHandle>;
}

/**
 * A fake of the server a catalog describes.
 *
 * @example const server = await fakeServer(catalog, { omit: ['send_message'] }).http(); server.url;
 */
export function fakeServer(catalog: Catalog, options: FakeServerOptions = {}): FakeServer {
  const { name = 'fake', faults, respond, ...catalogOptions } = options;
  const tools = catalogTools(catalog, catalogOptions);
  const known = catalogNames(catalog);
  for (const tool of Object.keys(respond ?? {})) {
    if (!known.includes(tool)) throw new TypeError(`respond: '${tool}' is not in the catalog`);
  }
  // Answers for tools left out by omit/profile are simply not used.
  const served = Object.fromEntries(Object.entries(respond ?? {}).filter(([tool]) => tools.some((spec) => spec.name === tool)));
  const common = { name, tools, ...(faults === undefined ? {} : { faults }) };
  const inProcess = { ...common, respond: served };
  return {
    tools,
    inMemory: () => createInMemoryServer(inProcess),
    stdio: (stdioOptions = {}) => {
      if (Object.keys(served).length > 0 && stdioOptions.respondModule === undefined) {
        throw new TypeError(
          `respond functions (${Object.keys(served).join(', ')}) cannot cross into a stdio child: give answers as 'results' data or pass a respondModule`,
        );
      }
      return stdioServer({ ...common, ...stdioOptions });
    },
    http: (httpOptions = {}) => startHttpServer({ ...inProcess, ...httpOptions }),
  };
}
