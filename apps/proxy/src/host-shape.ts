import { z } from 'zod';
import { ConfigError } from './config.js';

const noCrLf = (what: string) => (value: string) => !/[\r\n]/.test(value) || `${what} must not contain CR or LF`;
const stringMap = z.record(z.string(), z.string());
const headerMap = z.record(z.string().refine((name) => /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name), 'a header name must be an HTTP token'), z.string()).superRefine((headers, context) => {
  for (const [name, value] of Object.entries(headers)) {
    const problem = noCrLf('a header value')(value);
    if (problem !== true) context.addIssue({ code: 'custom', path: [name], message: problem });
  }
});
const httpUrl = z.url({ protocol: /^https?$/ }).refine((url) => {
  const parsed = new URL(url);
  return parsed.username === '' && parsed.password === '';
}, 'credentials in the URL are not allowed: put them in "headers"');

/** A stdio server as hosts write it: `{ command, args?, env?, cwd? }` (other host keys kept). */
export const stdioEntrySchema = z.looseObject({ command: z.string().min(1), args: z.array(z.string()).optional(), env: stringMap.optional(), cwd: z.string().optional() });
/** An HTTP server as hosts write it: `{ url, headers? }` (other host keys kept). */
export const httpEntrySchema = z.looseObject({ url: httpUrl, headers: headerMap.optional() });

/** One `mcpServers` entry: stdio or HTTP, with the host's own extra keys. */
export type HostEntry = (z.infer<typeof stdioEntrySchema> | z.infer<typeof httpEntrySchema>) & Record<string, unknown>;

/** Names that would reach `Object.prototype` if ever used as a plain-object key. */
const reserved = new Set(['__proto__', 'constructor', 'prototype']);

/** zod issues as `  path: message` lines, never the offending value. */
export function issueLines(issues: readonly z.core.$ZodIssue[], prefix: string): string[] {
  return issues.map((issue) => `  ${[prefix, ...issue.path.map(String)].filter((part) => part !== '').join('.')}: ${issue.message}`);
}

/**
 * Validates one entry's shape (`command` or `url`, typed fields); returns the problems as lines.
 *
 * @example entryProblems('mermaid', { command: 'npx' }); // []
 */
export function entryProblems(name: string, value: unknown): string[] {
  const where = `mcpServers.${name}`;
  if (reserved.has(name)) return [`  ${where}: a server may not be named ${JSON.stringify(name)}`];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`  ${where}: must be an object with "command" or "url"`];
  const isHttp = Object.hasOwn(value, 'url');
  if (!isHttp && !Object.hasOwn(value, 'command')) return [`  ${where}: needs "command" (a stdio server) or "url" (an HTTP server)`];
  if (isHttp && Object.hasOwn(value, 'command')) return [`  ${where}: give "command" or "url", not both`];
  const parsed = (isHttp ? httpEntrySchema : stdioEntrySchema).safeParse(value);
  return parsed.success ? [] : issueLines(parsed.error.issues, where);
}

/**
 * Reads a host config's `mcpServers` (Claude Desktop, Cursor, …), in file order, checking each
 * entry's shape. Throws `ConfigError` naming every bad field, never quoting a value.
 *
 * @example const servers = hostServers(JSON.parse(text), 'claude_desktop_config.json');
 */
export function hostServers(value: unknown, source: string): [string, HostEntry][] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(`${source}: expected a JSON object with "mcpServers"`);
  const servers: unknown = (value as Record<string, unknown>).mcpServers;
  if (!Object.hasOwn(value, 'mcpServers') || typeof servers !== 'object' || servers === null || Array.isArray(servers)) {
    throw new ConfigError(`${source}: expected "mcpServers" to be an object of servers`);
  }
  const entries = Object.entries(servers);
  const problems = entries.flatMap(([name, entry]) => entryProblems(name, entry));
  if (problems.length > 0) throw new ConfigError(`${source} is not valid:\n${problems.join('\n')}`);
  return entries as [string, HostEntry][];
}

/**
 * Parses JSON text; a syntax error gives the line and column only (the text may hold secrets).
 *
 * @example parseJson('{"mcpServers": {}}', 'mcp.json'); // { mcpServers: {} }
 */
export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error: unknown) {
    const match = error instanceof Error ? /^(.*) in JSON at position (\d+)/.exec(error.message) : null;
    if (match?.[2] === undefined) throw new ConfigError(`${source} is not valid JSON${error instanceof Error && error.message.startsWith('Unexpected end') ? ' (it ends early)' : ''}`);
    const before = text.slice(0, Number(match[2])).split('\n');
    // V8's own description is kept only when it quotes nothing from the text.
    const what = match[1] !== undefined && !match[1].includes('"') && !match[1].startsWith('Unexpected token') ? `${match[1]}, ` : '';
    throw new ConfigError(`${source} is not valid JSON (${what}line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1})`);
  }
}
