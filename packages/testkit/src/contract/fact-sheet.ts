/**
 * The catalog drift check: an adapter's catalog against its server's fact sheet
 * (`docs/servers/<server>.json` in the repository: a copy of the project's `shared/servers/`,
 * kept equal to it by `scripts/test/fact-sheets.test.mjs`), the authority on tool names,
 * safety and profiles.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Catalog, CatalogEntry } from '../catalog.js';

/**
 * One tool of a fact sheet: its name, safety and lowest profile, and whatever else the sheet records.
 *
 * @example const tool: FactSheetTool = { name: 'send_message', safety: 'unsafe', purpose: 'Send an email' };
 */
export interface FactSheetTool {
  readonly name: string;
  readonly safety: string;
  readonly profile?: string;
  readonly [field: string]: unknown;
}

/**
 * Where a server's fact sheet is: `docs/servers/<server>.json` under the repository root
 * (the first folder above `from` with a `pnpm-workspace.yaml`), so a clone alone can run the check.
 *
 * @example factSheetPath('mailgun'); // '/work/main/docs/servers/mailgun.json'
 */
export function factSheetPath(server: string, from = process.cwd()): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return join(dir, 'docs', 'servers', `${server}.json`);
    if (dirname(dir) === dir) throw new Error(`factSheetPath: no pnpm-workspace.yaml above ${from}`);
  }
}

/**
 * Every difference between a catalog and a fact sheet's `tools` (names, safety, profile), one
 * line each; `[]` when they agree.
 *
 * @example expect(catalogDrift(mailgunCatalog, readFactSheet('mailgun'))).toEqual([]);
 */
export function catalogDrift(catalog: Catalog, sheet: { tools: readonly FactSheetTool[] }): string[] {
  const entries = new Map<string, CatalogEntry>(isList(catalog) ? catalog.map((entry) => [entry.name, entry]) : Object.entries(catalog));
  const drift: string[] = [];
  for (const tool of sheet.tools) {
    const entry = entries.get(tool.name);
    if (entry === undefined) {
      drift.push(`${tool.name}: in the fact sheet, not in the catalog`);
      continue;
    }
    if (entry.safety !== tool.safety) drift.push(`${tool.name}: safety ${String(entry.safety)} in the catalog, ${tool.safety} in the fact sheet`);
    if (entry.profile !== tool.profile) drift.push(`${tool.name}: profile ${String(entry.profile)} in the catalog, ${String(tool.profile)} in the fact sheet`);
  }
  const named = new Set(sheet.tools.map((tool) => tool.name));
  for (const name of entries.keys()) if (!named.has(name)) drift.push(`${name}: in the catalog, not in the fact sheet`);
  return drift;
}

function isList(catalog: Catalog): catalog is readonly (CatalogEntry & { readonly name: string })[] {
  return Array.isArray(catalog);
}

/**
 * A server's fact sheet, parsed; a clear error when it is missing.
 *
 * @example readFactSheet('mailgun').tools.length; // 31
 */
export function readFactSheet(server: string): { tools: FactSheetTool[] } & Record<string, unknown> {
  const path = factSheetPath(server);
  if (!existsSync(path)) throw new Error(`readFactSheet: no fact sheet for ${server} at ${path} (docs/servers holds one per shipped server)`);
  return JSON.parse(readFileSync(path, 'utf8')) as { tools: FactSheetTool[] } & Record<string, unknown>;
}
