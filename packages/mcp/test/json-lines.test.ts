import { describe, expect, it } from 'vitest';
import { JsonRpcLineBuffer, parseJsonRpcLine } from '../src/index.js';

const line = (value: unknown): string => JSON.stringify(value);

describe('parseJsonRpcLine (the envelope rules of the SDK schema, without zod)', () => {
  it('accepts the four kinds of message, unchanged', () => {
    const messages = [
      { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'echo', arguments: { a: [1, { b: 2 }] }, _meta: { x: 1 } } },
      { jsonrpc: '2.0', id: 'a', method: 'ping' },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 7, result: { content: [], extra: true } },
      { jsonrpc: '2.0', id: 7, error: { code: -32601, message: 'Method not found', data: { why: 1 } } },
      { jsonrpc: '2.0', error: { code: -32700, message: 'Parse error' } },
    ];
    for (const message of messages) expect(parseJsonRpcLine(line(message))).toEqual(message);
  });

  it.each([
    ['not an object', [1, 2]],
    ['another version', { jsonrpc: '1.0', id: 1, method: 'ping' }],
    ['an extra key (the SDK schemas are strict)', { jsonrpc: '2.0', id: 1, method: 'ping', 'sk-live-0123456789': 1 }],
    ['a fractional id', { jsonrpc: '2.0', id: 1.5, method: 'ping' }],
    ['an object id', { jsonrpc: '2.0', id: { token: 'sk-live-0123456789' }, result: {} }],
    ['params as an array', { jsonrpc: '2.0', id: 1, method: 'x', params: [1] }],
    ['a method that is not a string', { jsonrpc: '2.0', id: 1, method: 3 }],
    ['both result and error', { jsonrpc: '2.0', id: 1, result: {}, error: { code: 1, message: 'x' } }],
    ['a result that is not an object', { jsonrpc: '2.0', id: 1, result: 'ok' }],
    ['a result without an id', { jsonrpc: '2.0', result: {} }],
    ['an error without a code', { jsonrpc: '2.0', id: 1, error: { message: 'x' } }],
    ['nothing to do', { jsonrpc: '2.0', id: 1 }],
  ])('rejects %s with a TypeError that quotes nothing of the line', (_what, value) => {
    let thrown: unknown;
    try {
      parseJsonRpcLine(line(value));
    } catch (error: unknown) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect((thrown as Error).message).toMatch(/^invalid JSON-RPC message: /);
    expect((thrown as Error).message).not.toContain('sk-live');
  });

  it('bad JSON is a SyntaxError', () => {
    expect(() => parseJsonRpcLine('{"jsonrpc":')).toThrow(SyntaxError);
  });
});

describe('JsonRpcLineBuffer', () => {
  it('reassembles lines split across chunks, several per chunk, CRLF or LF', () => {
    const buffer = new JsonRpcLineBuffer();
    const text = `${line({ jsonrpc: '2.0', id: 1, method: 'a' })}\r\n${line({ jsonrpc: '2.0', method: 'b' })}\n${line({ jsonrpc: '2.0', id: 2, result: {} })}\n`;
    const bytes = Buffer.from(text);
    const read: unknown[] = [];
    for (let at = 0; at < bytes.length; at += 7) {
      buffer.append(bytes.subarray(at, at + 7));
      for (let message = buffer.readMessage(); message !== null; message = buffer.readMessage()) read.push(message);
    }
    expect(read).toEqual([
      { jsonrpc: '2.0', id: 1, method: 'a' },
      { jsonrpc: '2.0', method: 'b' },
      { jsonrpc: '2.0', id: 2, result: {} },
    ]);
    expect(buffer.readMessage()).toBeNull();
  });

  it('keeps multi-byte characters split between chunks whole', () => {
    const buffer = new JsonRpcLineBuffer();
    const bytes = Buffer.from(`${line({ jsonrpc: '2.0', method: 'n', params: { text: 'héllo ✓ 🎉' } })}\n`);
    const cut = bytes.indexOf(0xf0) + 2; // inside the emoji
    buffer.append(bytes.subarray(0, cut));
    expect(buffer.readMessage()).toBeNull();
    buffer.append(bytes.subarray(cut));
    expect(buffer.readMessage()).toEqual({ jsonrpc: '2.0', method: 'n', params: { text: 'héllo ✓ 🎉' } });
  });

  it('throws (and drops what it held) past maxBufferSize unread bytes', () => {
    const buffer = new JsonRpcLineBuffer(16);
    buffer.append(Buffer.from('{"jsonrpc":'));
    expect(() => { buffer.append(Buffer.from('"2.0","method":"x"}')); }).toThrow(/maximum size of 16 bytes/);
    buffer.append(Buffer.from(`${line({ jsonrpc: '2.0', method: 'y' })}\n`.slice(0, 10)));
    expect(buffer.readMessage()).toBeNull();
  });
});
