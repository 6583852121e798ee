import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { JsonRpcLineBuffer } from '@res/mcp';

/**
 * The host side of res-proxy on stdio: the SDK's `StdioServerTransport` reading each line with a
 * `JSON.parse` and an envelope check instead of a zod pass (the proxy relays most of what it
 * reads; the SDK still validates the requests it handles itself, such as `initialize`).
 *
 * @example await server.connect(new StdioHostTransport());
 */
export class StdioHostTransport extends StdioServerTransport {
  constructor(stdin?: NodeJS.ReadableStream & { pause(): unknown }, stdout?: NodeJS.WritableStream) {
    super(stdin as typeof process.stdin | undefined, stdout as typeof process.stdout | undefined);
    (this as unknown as { _readBuffer: JsonRpcLineBuffer })._readBuffer = new JsonRpcLineBuffer();
  }
}
