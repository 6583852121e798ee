import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/**
 * The JSON body of a tool result, for classifiers that read in-band errors:
 * `structuredContent` when the server sent it, else the first text content
 * parsed as JSON; `undefined` when there is none or it is not JSON.
 *
 * @example const body = resultBody(result); if (isRecord(body) && body.success === false) …
 */
export function resultBody(result: CallToolResult): unknown {
  if (result.structuredContent !== undefined) return result.structuredContent;
  for (const item of result.content) {
    if (item.type !== 'text') continue;
    const text = item.text.trimStart();
    if (!text.startsWith('{') && !text.startsWith('[')) return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * True for a plain object (not null, not an array).
 *
 * @example if (isRecord(body) && typeof body.error === 'string') …
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The first text content of a result, or `''`.
 *
 * @example if (resultText(result).startsWith('❌')) …
 */
export function resultText(result: CallToolResult): string {
  for (const item of result.content) if (item.type === 'text') return item.text;
  return '';
}

/**
 * The first line of a text, cut at `max` characters (with `…`): a server's message made
 * short enough for an error message.
 *
 * @example firstLine('Parse error on line 2:\ngraph TD; A-->'); // 'Parse error on line 2:'
 */
export function firstLine(text: string, max = 200): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > max ? `${line.slice(0, max)}…` : line;
}
