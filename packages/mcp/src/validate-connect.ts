import { oneLine, redactUrl } from './redact.js';
import { show } from './options.js';
import type { ConnectOptions } from './types.js';

/** Checks `connect`: a command, a URL, or a factory. */
export function validateConnect(name: string, connect: ConnectOptions | undefined): void {
  const where = `ResilientClient "${name}": connect`;
  const shape = `must be { command, args?, env?, cwd? }, { url, headers? } or a function returning a Transport`;
  if (typeof connect === 'function') return;
  if (typeof connect !== 'object' || (connect as unknown) === null) throw new TypeError(`${where} ${shape}, got ${show(connect)}`);
  if ('command' in connect) {
    if (typeof connect.command !== 'string' || connect.command.trim() === '') {
      throw new TypeError(`${where}.command must be a non-empty string, got ${show(connect.command)}`);
    }
    if (connect.args !== undefined && (!Array.isArray(connect.args) || connect.args.some((a) => typeof a !== 'string'))) {
      throw new TypeError(`${where}.args must be an array of strings`);
    }
    if (connect.env !== undefined) {
      if (typeof connect.env !== 'object' || (connect.env as unknown) === null) throw new TypeError(`${where}.env must be an object of strings`);
      for (const [key, value] of Object.entries(connect.env)) {
        // Name the variable, never its value: it may be a credential.
        if (typeof value !== 'string') throw new TypeError(`${where}.env.${key} must be a string, got ${typeof value}`);
      }
    }
    if (connect.cwd !== undefined && typeof connect.cwd !== 'string') throw new TypeError(`${where}.cwd must be a string`);
    if (connect.stderr !== undefined && !['inherit', 'ignore', 'pipe'].includes(connect.stderr)) {
      throw new TypeError(`${where}.stderr must be 'inherit', 'ignore' or 'pipe', got ${show(connect.stderr)}`);
    }
    return;
  }
  if ('url' in connect) {
    validateUrl(where, connect.url);
    validateHeaders(where, connect.headers);
    return;
  }
  throw new TypeError(`${where} ${shape}, got ${show(connect)}`);
}

/** An absolute http(s) URL without credentials; a message shows it with userinfo and query values redacted. */
function validateUrl(where: string, value: unknown): void {
  const shown = typeof value === 'string' ? JSON.stringify(redactUrl(value)) : show(value);
  let url: URL;
  try {
    url = new URL(value as string);
  } catch {
    // Not quoted: text that does not parse as a URL cannot be redacted reliably.
    throw new TypeError(`${where}.url must be an absolute http(s) URL, got ${typeof value === 'string' ? `a string that is not one (${value.length} characters)` : show(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`${where}.url must be an http(s) URL, got ${shown}`);
  if (url.username !== '' || url.password !== '') {
    throw new TypeError(`${where}.url must not carry credentials (user:password@): pass them in connect.headers (e.g. Authorization), got ${shown}`);
  }
}

// RFC 9110 token characters: a header name with anything else (CR, LF, ':', space) is refused.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Header names and values: strings without CR/LF. Messages name the header, never its value. */
function validateHeaders(where: string, headers: unknown): void {
  if (headers === undefined) return;
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) {
    throw new TypeError(`${where}.headers must be an object of strings, got ${show(headers)}`);
  }
  for (const [key, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(key)) throw new TypeError(`${where}.headers: ${JSON.stringify(oneLineName(key))} is not a valid header name (letters, digits and !#$%&'*+.^_\`|~- only)`);
    if (typeof value !== 'string') throw new TypeError(`${where}.headers.${key} must be a string, got ${typeof value}`);
    if (/[\r\n\0]/.test(value)) throw new TypeError(`${where}.headers.${key} must not contain CR, LF or NUL (value not shown)`);
  }
}

function oneLineName(name: string): string {
  return oneLine(name, 100);
}

