/**
 * Runtime checks for tool specs, for the stdio child's config file and for callers' arrays.
 */
import type { ToolSpec } from './tools.js';

const HINTS = ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new TypeError(message);
}

function checkNumber(value: unknown, path: string, integer: boolean): void {
  check(typeof value === 'number', `${path} must be a number, got ${JSON.stringify(value)}`);
  if (!Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    throw new RangeError(`${path} must be ${integer ? 'an integer' : 'a finite number'} >= 0, got ${value}`);
  }
}

/**
 * Checks one untrusted tool spec (JSON or a caller's object) and returns it.
 *
 * @example const spec = parseToolSpec({ name: 'read_item', annotations: { readOnlyHint: true } });
 */
export function parseToolSpec(value: unknown, path = 'tool'): ToolSpec {
  check(isObject(value), `${path} must be an object`);
  const { name, title, description, inputSchema, annotations, latencyMs, progress } = value;
  check(typeof name === 'string' && name !== '', `${path}.name must be a non-empty string`);
  check(name !== '*', `${path}.name '*' is reserved for faults that apply to every tool`);
  check(title === undefined || typeof title === 'string', `${path}.title must be a string`);
  check(description === undefined || typeof description === 'string', `${path}.description must be a string`);
  if (inputSchema !== undefined) {
    check(isObject(inputSchema) && inputSchema.type === 'object', `${path}.inputSchema must be a JSON Schema with type 'object'`);
  }
  if (annotations !== undefined) {
    check(isObject(annotations), `${path}.annotations must be an object`);
    for (const hint of HINTS) {
      const flag = annotations[hint];
      check(flag === undefined || typeof flag === 'boolean', `${path}.annotations.${hint} must be a boolean`);
    }
    check(annotations.title === undefined || typeof annotations.title === 'string', `${path}.annotations.title must be a string`);
  }
  if (latencyMs !== undefined) checkNumber(latencyMs, `${path}.latencyMs`, false);
  if (progress !== undefined) {
    check(isObject(progress), `${path}.progress must be an object`);
    checkNumber(progress.steps, `${path}.progress.steps`, true);
    if (progress.intervalMs !== undefined) checkNumber(progress.intervalMs, `${path}.progress.intervalMs`, false);
  }
  return value as unknown as ToolSpec;
}

/**
 * Checks a list of tool specs; names must be unique.
 *
 * @example const tools = parseToolSpecs(JSON.parse(text).tools);
 */
export function parseToolSpecs(value: unknown, path = 'tools'): ToolSpec[] {
  check(Array.isArray(value), `${path} must be an array of tool specs`);
  const seen = new Set<string>();
  return value.map((item: unknown, index) => {
    const spec = parseToolSpec(item, `${path}[${index}]`);
    check(!seen.has(spec.name), `${path}: tool '${spec.name}' is defined twice`);
    seen.add(spec.name);
    return spec;
  });
}
