/**
 * Adapter catalogs as tool specs. An adapter describes its server's tools as a catalog
 * (safety class, purpose, maybe a schema, annotations or a profile); this turns one into the
 * tools a fake of that server serves. Typed structurally: no import from any adapter.
 */
import type { JsonSchemaObject, ToolAnnotations, ToolSpec } from './tools.js';

/**
 * How safe a tool is to repeat: `read` and `idempotent` may be retried, `unsafe` never.
 *
 * @example const safety: Safety = 'idempotent';
 */
export type Safety = 'read' | 'idempotent' | 'unsafe';

/**
 * One catalog entry, as adapters write them (extra fields are ignored).
 *
 * @example const entry: CatalogEntry = { safety: 'unsafe', purpose: 'Send an email' };
 */
export interface CatalogEntry {
  readonly safety?: Safety;
  readonly purpose?: string;
  readonly description?: string;
  readonly title?: string;
  readonly inputSchema?: JsonSchemaObject;
  /** Annotations the real server declares; always advertised. */
  readonly annotations?: ToolAnnotations;
  /** The lowest tool profile that registers the tool: `minimal` < `standard` < `full`. */
  readonly profile?: string;
  /** Anything else an adapter records (group, note, serverTimeout…) is ignored. */
  readonly [field: string]: unknown;
}

/**
 * A catalog: entries by tool name, or an array of entries with a `name`.
 *
 * @example const catalog: Catalog = { get_domains: { safety: 'read', purpose: 'List domains' } };
 */
export type Catalog = Readonly<Record<string, CatalogEntry>> | readonly (CatalogEntry & { readonly name: string })[];

/**
 * How a catalog becomes tools.
 *
 * @example const options: CatalogOptions = { annotations: true, omit: ['send_message'], profile: 'minimal' };
 */
export interface CatalogOptions {
  /** Advertise hints derived from `safety` (default false: most real servers declare none). */
  annotations?: boolean;
  /** Tools the live server does not offer. */
  omit?: readonly string[];
  /** Leave out entries whose `profile` is above this one, as the server's profile variable would. */
  profile?: 'minimal' | 'standard' | 'full';
  /** A latency for every tool, or per tool (ms). */
  latencyMs?: number | Readonly<Record<string, number>>;
  /** Static answers per tool (data, so they work over stdio too). */
  results?: Readonly<Record<string, unknown>>;
}

const PROFILES = ['minimal', 'standard', 'full'];

/**
 * The hints a safety class implies.
 *
 * @example annotationsFor('idempotent'); // { readOnlyHint: false, destructiveHint: false, idempotentHint: true }
 */
export function annotationsFor(safety: Safety): ToolAnnotations {
  switch (safety) {
    case 'read':
      return { readOnlyHint: true };
    case 'idempotent':
      return { readOnlyHint: false, destructiveHint: false, idempotentHint: true };
    case 'unsafe':
      return { readOnlyHint: false, destructiveHint: true, idempotentHint: false };
  }
}

/**
 * Every tool name in a catalog (before `omit` and `profile`).
 *
 * @example catalogNames({ a: {}, b: {} }); // ['a', 'b']
 */
export function catalogNames(catalog: Catalog): string[] {
  return entriesOf(catalog).map(([name]) => name);
}

function entriesOf(catalog: Catalog): [string, CatalogEntry][] {
  return Array.isArray(catalog)
    ? (catalog as readonly (CatalogEntry & { name: string })[]).map((entry) => [entry.name, entry])
    : Object.entries(catalog as Readonly<Record<string, CatalogEntry>>);
}

/**
 * The tools a fake of the cataloged server serves.
 *
 * @example catalogTools({ get_domains: { safety: 'read' } }, { annotations: true });
 */
export function catalogTools(catalog: Catalog, options: CatalogOptions = {}): ToolSpec[] {
  const entries = entriesOf(catalog);
  const names = new Set(entries.map(([name]) => name));
  const check = (tool: string, option: string): void => {
    if (!names.has(tool)) throw new TypeError(`${option}: '${tool}' is not in the catalog`);
  };
  for (const tool of options.omit ?? []) check(tool, 'omit');
  for (const tool of Object.keys(options.results ?? {})) check(tool, 'results');
  const { latencyMs } = options;
  if (typeof latencyMs === 'object') for (const tool of Object.keys(latencyMs)) check(tool, 'latencyMs');
  const ceiling = options.profile === undefined ? Infinity : PROFILES.indexOf(options.profile);

  return entries
    .filter(([name, entry]) => !(options.omit ?? []).includes(name) && PROFILES.indexOf(entry.profile ?? 'minimal') <= ceiling)
    .map(([name, entry]) => {
      const spec: ToolSpec = { name };
      const description = entry.description ?? entry.purpose;
      if (entry.title !== undefined) spec.title = entry.title;
      if (description !== undefined) spec.description = description;
      if (entry.inputSchema !== undefined) spec.inputSchema = entry.inputSchema;
      const derived = options.annotations === true && entry.safety !== undefined ? annotationsFor(entry.safety) : undefined;
      if (derived !== undefined || entry.annotations !== undefined) spec.annotations = { ...derived, ...entry.annotations };
      const latency = typeof latencyMs === 'number' ? latencyMs : latencyMs?.[name];
      if (latency !== undefined) spec.latencyMs = latency;
      if (options.results !== undefined && Object.hasOwn(options.results, name)) spec.result = options.results[name];
      return spec;
    });
}
