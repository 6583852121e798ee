/**
 * The stdio child's configuration: what `res-testkit-server --config <file.json>` reads, and
 * what `stdioServer()` writes for it.
 */
import { readFileSync } from 'node:fs';
import type { FaultPlan } from './faults.js';
import { parseFaultPlan } from './fault-validation.js';
import { parseToolSpecs } from './tool-validation.js';
import type { ToolSpec } from './tools.js';

/**
 * Everything a child needs to rebuild its server.
 *
 * @example const config: ChildConfig = { tools: defaultTools, plan: '/tmp/x/plan.json', ledger: '/tmp/x/ledger.jsonl' };
 */
export interface ChildConfig {
  /** Server name; default `'res-testkit'`. */
  name?: string;
  /** Tools to serve; default the generic toolset. */
  tools?: ToolSpec[];
  /** Fixed faults, used when there is no `plan` file. */
  faults?: FaultPlan;
  /** A plan file (see `writePlanFile`) re-read on every call, so faults can change at run time. */
  plan?: string;
  /** A JSON-lines ledger file the child appends to synchronously. */
  ledger?: string;
  /** An ES module (path) exporting `respond: Record<tool, (args, { tool, call }) => unknown>`. */
  respondModule?: string;
}

function optionalString(value: unknown, path: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new TypeError(`${path} must be a non-empty string`);
  return value;
}

/**
 * Checks an untrusted config object.
 *
 * @example const config = parseChildConfig(JSON.parse(text));
 */
export function parseChildConfig(value: unknown, path = 'config'): ChildConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError(`${path} must be an object`);
  const raw = value as Record<string, unknown>;
  const config: ChildConfig = {};
  const name = optionalString(raw.name, `${path}.name`);
  const plan = optionalString(raw.plan, `${path}.plan`);
  const ledger = optionalString(raw.ledger, `${path}.ledger`);
  const respondModule = optionalString(raw.respondModule, `${path}.respondModule`);
  if (name !== undefined) config.name = name;
  if (plan !== undefined) config.plan = plan;
  if (ledger !== undefined) config.ledger = ledger;
  if (respondModule !== undefined) config.respondModule = respondModule;
  if (raw.tools !== undefined) config.tools = parseToolSpecs(raw.tools, `${path}.tools`);
  if (raw.faults !== undefined) config.faults = parseFaultPlan(raw.faults, `${path}.faults`);
  return config;
}

/**
 * Reads and checks a config file.
 *
 * @example const config = readChildConfig('/tmp/x/config.json');
 */
export function readChildConfig(file: string): ChildConfig {
  return parseChildConfig(JSON.parse(readFileSync(file, 'utf8')) as unknown, file);
}
