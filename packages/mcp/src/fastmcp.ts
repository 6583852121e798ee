/**
 * FastMCP's message shapes, in one place. FastMCP (the Python framework behind Mahavishnu,
 * Session-Buddy, Akosha, Excalidraw-MCP, Mailgun-MCP, UniFi-MCP and RaindropIO-MCP) turns
 * argument validation and uncaught exceptions alike into `isError` results, so only the text
 * tells them apart. Adapters read these shapes through this helper and keep only their
 * server's own words.
 */
import type { ResultClassification } from './types.js';

// Pydantic's "1 validation error for call[tool]", the SDK's "Input validation error: …", and
// the JSON-RPC code for invalid params folded into the text.
const INVALID_ARGUMENTS = /validation errors? for |Input validation error|MCP error -32602/;
const GLOBAL_RATE_LIMIT = 'Global rate limit exceeded';

/**
 * Reads FastMCP's texts.
 *
 * @example if (fastmcp.isInvalidArguments(resultText(result))) return { kind: 'caller', message: 'invalid arguments' };
 */
export const fastmcp = {
  /**
   * Whether a text is FastMCP's (or the MCP SDK's) refusal of a tool's arguments: the
   * caller's mistake, the same request fails the same way.
   *
   * @example fastmcp.isInvalidArguments("Error calling tool 'x': 1 validation error for call[x]"); // true
   */
  isInvalidArguments(text: string): boolean {
    return INVALID_ARGUMENTS.test(text);
  },

  /**
   * FastMCP's `RateLimitingMiddleware` ("Global rate limit exceeded") refused the request
   * before any tool ran: a rate limit that even an unsafe tool may be re-sent after, once the
   * bucket has refilled one token (`refillMs`). `undefined` for any other text.
   *
   * @example fastmcp.globalRateLimit(resultText(result), 200); // { kind: 'rate-limit', retryAfter: 200, notExecuted: true, … }
   */
  globalRateLimit(text: string, refillMs: number): ResultClassification | undefined {
    if (!text.includes(GLOBAL_RATE_LIMIT)) return undefined;
    return { kind: 'rate-limit', retryAfter: refillMs, notExecuted: true, message: `${GLOBAL_RATE_LIMIT} (server bucket)` };
  },
} as const;
