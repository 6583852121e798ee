/**
 * JSON-RPC over newline-delimited stdio without the SDK's zod pass over every message: a line is
 * `JSON.parse`d and its envelope checked by hand (the SDK's `JSONRPCMessageSchema` rules: strict
 * keys, `jsonrpc: "2.0"`, an integer or string id, an object for `params`/`result`, an error
 * with an integer code and a string message). What is inside `params` and `result` is left to
 * whoever handles the message (the SDK still validates requests and results it parses itself).
 */
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** The SDK's default read buffer limit: 10 MiB. */
const MAX_BUFFER = 10 * 1024 * 1024;
const ENVELOPE_KEYS = new Set(['jsonrpc', 'id', 'method', 'params', 'result', 'error']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): boolean {
  return typeof value === 'string' || Number.isSafeInteger(value);
}

/** What is wrong with a JSON-RPC envelope, or `undefined` when it is one. */
function envelopeProblem(value: unknown): string | undefined {
  if (!isObject(value) || value.jsonrpc !== '2.0') return 'not a JSON-RPC 2.0 message';
  for (const key in value) if (!ENVELOPE_KEYS.has(key)) return 'a key other than jsonrpc, id, method, params, result, error';
  const { id, method, params, result, error } = value;
  if (method !== undefined) {
    if (typeof method !== 'string') return 'method must be a string';
    if (params !== undefined && !isObject(params)) return 'params must be an object';
    if (result !== undefined || error !== undefined) return 'a request has no result or error';
    return id === undefined || isId(id) ? undefined : 'id must be a string or an integer';
  }
  if (params !== undefined) return 'params without a method';
  if (result !== undefined) {
    if (error !== undefined) return 'both result and error';
    if (!isId(id)) return 'id must be a string or an integer';
    return isObject(result) ? undefined : 'result must be an object';
  }
  if (!isObject(error)) return 'neither a method, a result nor an error';
  if (id !== undefined && !isId(id)) return 'id must be a string or an integer';
  if (!Number.isSafeInteger(error.code) || typeof error.message !== 'string') return 'error needs an integer code and a string message';
  return undefined;
}

/**
 * Parses one line of newline-delimited JSON-RPC; throws a `SyntaxError` (bad JSON) or a
 * `TypeError` (not a JSON-RPC 2.0 message) that quotes nothing of the line.
 *
 * @example parseJsonRpcLine('{"jsonrpc":"2.0","id":1,"method":"ping"}'); // { jsonrpc: '2.0', id: 1, method: 'ping' }
 */
export function parseJsonRpcLine(line: string): JSONRPCMessage {
  const value: unknown = JSON.parse(line);
  const problem = envelopeProblem(value);
  if (problem !== undefined) throw new TypeError(`invalid JSON-RPC message: ${problem}`);
  return value as JSONRPCMessage;
}

/**
 * A drop-in for the SDK's stdio `ReadBuffer` (same methods) that parses with {@link parseJsonRpcLine}.
 *
 * @example const buffer = new JsonRpcLineBuffer(); buffer.append(chunk); const message = buffer.readMessage();
 */
export class JsonRpcLineBuffer {
  #buffer: Buffer | undefined;

  constructor(readonly maxBufferSize: number = MAX_BUFFER) {}

  /** Adds bytes read from the stream; throws when more than `maxBufferSize` wait unread. */
  append(chunk: Buffer): void {
    const size = (this.#buffer?.length ?? 0) + chunk.length;
    if (size > this.maxBufferSize) {
      this.clear();
      throw new Error(`ReadBuffer exceeded maximum size of ${String(this.maxBufferSize)} bytes`);
    }
    this.#buffer = this.#buffer === undefined ? chunk : Buffer.concat([this.#buffer, chunk]);
  }

  /** The next complete message, or `null` until a whole line has arrived. */
  readMessage(): JSONRPCMessage | null {
    const buffer = this.#buffer;
    if (buffer === undefined) return null;
    const end = buffer.indexOf(10);
    if (end === -1) return null;
    const cut = end > 0 && buffer[end - 1] === 13 ? end - 1 : end;
    const line = buffer.toString('utf8', 0, cut);
    this.#buffer = end + 1 === buffer.length ? undefined : buffer.subarray(end + 1);
    return parseJsonRpcLine(line);
  }

  /** Drops whatever is buffered. */
  clear(): void {
    this.#buffer = undefined;
  }
}
