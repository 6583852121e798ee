/**
 * Tool specs: a tool is data — name, schema, annotations, and how it answers — so the same
 * spec is served in process or handed to a stdio child as JSON.
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';

/**
 * MCP tool annotations (all optional hints), listed exactly as given.
 *
 * @example const hints: ToolAnnotations = { readOnlyHint: true };
 */
export interface ToolAnnotations {
  readonly title?: string;
  readonly readOnlyHint?: boolean;
  readonly destructiveHint?: boolean;
  readonly idempotentHint?: boolean;
  readonly openWorldHint?: boolean;
}

/**
 * A tool's input schema: a JSON Schema object, listed verbatim (arguments are not validated).
 *
 * @example const schema: JsonSchemaObject = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] };
 */
export interface JsonSchemaObject {
  readonly type: 'object';
  readonly properties?: Readonly<Record<string, object>>;
  readonly required?: readonly string[];
  readonly [keyword: string]: unknown;
}

/**
 * One tool. Its normal answer is `result` when given, else `{ ok: true, tool, call, args }`, as
 * JSON text (plus `structuredContent` for an object).
 *
 * @example const tool: ToolSpec = { name: 'get_domains', annotations: { readOnlyHint: true }, result: { items: [] } };
 */
export interface ToolSpec {
  name: string;
  title?: string;
  description?: string;
  /** Default: `{ type: 'object', properties: {} }`. */
  inputSchema?: JsonSchemaObject;
  annotations?: ToolAnnotations;
  /** The answer's body instead of the default echo; a value with a `content` array is sent as the whole result. */
  result?: unknown;
  /** Every normal answer first waits this long (abortable): a realistic latency. */
  latencyMs?: number;
  /** Sends `steps` progress notifications, `intervalMs` apart, when the caller gave a progressToken (arguments `steps`/`intervalMs` override). */
  progress?: { steps: number; intervalMs?: number };
}

const EMPTY_SCHEMA: JsonSchemaObject = { type: 'object', properties: {} };
const idSchema = (extra: Record<string, object> = {}): JsonSchemaObject => ({
  type: 'object',
  properties: { id: { type: 'string', description: 'Item id' }, ...extra },
  required: ['id'],
});

/**
 * The generic toolset: one tool per retry-safety class, a slow read and a progress reporter.
 *
 * @example const server = createInMemoryServer({ tools: defaultTools });
 */
export const defaultTools: readonly ToolSpec[] = Object.freeze([
  { name: 'read_item', description: 'Reads an item (no side effect).', inputSchema: idSchema(), annotations: { readOnlyHint: true } },
  {
    name: 'upsert_item',
    description: 'Creates or replaces an item (a repeat leaves the same state).',
    inputSchema: idSchema({ value: {} }),
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  },
  { name: 'send_item', description: 'Sends an item (each call sends again; declares no hints).', inputSchema: idSchema({ to: { type: 'string' } }) },
  { name: 'slow_read', description: 'A read that takes 50 ms.', inputSchema: idSchema(), annotations: { readOnlyHint: true }, latencyMs: 50 },
  {
    name: 'progress',
    description: 'Reports progress `steps` times, `intervalMs` apart, when the caller sends a progressToken.',
    inputSchema: { type: 'object', properties: { steps: { type: 'integer', minimum: 0 }, intervalMs: { type: 'integer', minimum: 0 } } },
    annotations: { readOnlyHint: true },
    progress: { steps: 3, intervalMs: 10 },
  },
]);

/**
 * The `tools/list` entry of a spec: schema and annotations exactly as given, nothing added.
 *
 * @example listedTool({ name: 'x' }); // { name: 'x', inputSchema: { type: 'object', properties: {} } }
 */
export function listedTool(spec: ToolSpec): Tool {
  const tool: Tool = { name: spec.name, inputSchema: (spec.inputSchema ?? EMPTY_SCHEMA) as Tool['inputSchema'] };
  if (spec.title !== undefined) tool.title = spec.title;
  if (spec.description !== undefined) tool.description = spec.description;
  if (spec.annotations !== undefined) tool.annotations = { ...spec.annotations };
  return tool;
}
