/**
 * Building tool results the way real servers do.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A successful result carrying `body`: a string as is (as FastMCP sends a `str`), anything
 * else as JSON text, and an object also as `structuredContent`.
 *
 * @example jsonResult({ success: false, error: 'canvas down' });
 */
export function jsonResult(body: unknown): CallToolResult {
  const text = typeof body === 'string' ? body : (JSON.stringify(body) as string | undefined) ?? 'null';
  const result: CallToolResult = { content: [{ type: 'text', text }] };
  if (isPlainObject(body)) result.structuredContent = body;
  return result;
}

/**
 * An `isError: true` result with this text — the exact shape McpServer gives a handler that
 * throws (its private `createToolError`; a test holds the two side by side).
 *
 * @example toolErrorResult('Injected failure');
 */
export function toolErrorResult(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

/**
 * Whether a responder returned a whole `CallToolResult` (a `content` array) rather than a body.
 *
 * @example isCallToolResult({ content: [] }); // true
 */
export function isCallToolResult(value: unknown): value is CallToolResult {
  return isPlainObject(value) && Array.isArray(value.content);
}
