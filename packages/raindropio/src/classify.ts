import { fastmcp, resultText, type ResultClassification, type ResultClassifier } from '@res/mcp';

/** A marker in an `isError` text, and what it means. First match wins. */
type Rule = readonly [marker: string | ((text: string) => boolean), verdict: ResultClassification];

// Raindrop's window is a minute: an earlier retry lands in the same window.
const RAINDROP_WINDOW = 60_000;

const RULES: readonly Rule[] = [
  // Raindrop answered 429 on the server's last internal attempt.
  ['Rate limit exceeded', { kind: 'rate-limit', retryAfter: RAINDROP_WINDOW, message: 'Raindrop answered 429 after the server\'s own retries' }],
  [fastmcp.isInvalidArguments, { kind: 'caller', message: 'invalid arguments' }],
  ['Authentication failed; check RAINDROP_TOKEN', { kind: 'caller', message: 'Raindrop answered 401: check RAINDROP_TOKEN' }],
  ['Not authorised to perform this operation', { kind: 'caller', message: 'Raindrop answered 403' }],
  ['Resource not found', { kind: 'caller', message: 'Raindrop answered 404' }],
  ['Request timed out', { kind: 'failure', message: 'Raindrop timed out on every attempt of the server' }],
  ['Transport error talking to Raindrop.io', { kind: 'failure', message: 'Raindrop unreachable on every attempt of the server' }],
  // Status not in the text (kept as an attribute): 5xx after the server's retries, or a 4xx outside 401/403/404/429.
  ['Raindrop.io API request failed', { kind: 'failure', message: 'Raindrop API request failed after the server\'s own retries' }],
  ['Raindrop.io returned invalid JSON', { kind: 'failure', message: 'Raindrop returned invalid JSON' }],
];

/**
 * Reads RaindropIO-MCP's failures. Its tools catch nothing: every failure is an `isError`
 * result carrying the exception's text (never in-band), after the server's own retries:
 * - "Rate limit exceeded": a rate limit, 60 s (Raindrop allows 120 requests a minute);
 * - "Global rate limit exceeded": FastMCP's bucket refused before any tool ran;
 * - 401 / 403 / 404 texts and argument validation: the caller's (not retried, not counted);
 * - "Request timed out", "Transport error …", "Raindrop.io API request failed": failures.
 * Other `isError` results are failures too (`toolErrorIsFailure`). The messages never carry
 * the server's details, which hold the request's URL and payload.
 *
 * @example classifyRaindropResult(result, { tool: 'list_bookmarks', safety: 'read' })
 */
export const classifyRaindropResult: ResultClassifier = (result) => {
  if (result.isError !== true) return undefined;
  const text = resultText(result);
  // FastMCP's own bucket refused before any tool ran (configured at 8/s, probably not attached).
  const limited = fastmcp.globalRateLimit(text, 125);
  if (limited !== undefined) return limited;
  for (const [marker, verdict] of RULES) {
    if (typeof marker === 'string' ? text.includes(marker) : marker(text)) return verdict;
  }
  return undefined;
};
