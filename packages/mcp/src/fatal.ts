/**
 * Transport errors that end a session for good, said in words a person can act on:
 * a message over the MCP SDK's 10 MB read limit, or one too deep to parse.
 */

/** What makes a transport error fatal for the session, in words a person can act on; `undefined`: not fatal. */
export function fatalReason(error: unknown): string | undefined {
  const message = error instanceof Error ? error.message : String(error);
  if (message.includes('ReadBuffer exceeded maximum size')) {
    return `the server sent a message over the MCP SDK's 10 MB read limit (${message}); the connection was closed`;
  }
  if (error instanceof RangeError && /call stack/i.test(message)) return `the server sent a message too deep to parse (${message})`;
  return undefined;
}

