import { fastmcp, isRecord, resultBody, resultText, type ResultClassification, type ResultClassifier } from '@res/mcp';

// A text result that reports a failure: "❌ …", "Error storing reflection: …",
// "Reflection tools not available. Install …". Anchored at the start: status reports carry ❌
// lines in the middle, and "ℹ️ Session information not available" is an answer.
const FAILURE_TEXT = /^(?:❌|Error \w+ing\b|[\w ]+ not available\b)/u;
// Arguments the server refused, or auth: retrying the same request cannot help.
const REFUSED = /validation (?:error|failed)|Authentication failed|invalid |must be one of|unknown (?:action|command)/i;
// A locked DuckDB, a local embedding server or a dependency that is down for now.
const TRANSIENT = /database is locked|\block(?:ed)?\b|connection (?:refused|reset|closed|aborted|error)|ECONNREFUSED|ECONNRESET|timed? ?out|temporarily unavailable|failed to connect|try again|\b50[234]\b/i;
// A feature, an optional dependency or an object the server does not have: permanent.
const ABSENT = /not available|not found|not a git repository|not yet implemented/i;
const NOT_AVAILABLE = /not available/i;

/** The first line of a failure text, without the ❌, for the error's message. */
function headline(text: string): string {
  const line = text.replace(/^❌\s*/u, '');
  const end = line.indexOf('\n');
  return (end === -1 ? line : line.slice(0, end)).slice(0, 200);
}

/** What the server's own words about a failure mean. */
function judge(text: string): ResultClassification {
  const message = headline(text);
  if (REFUSED.test(message)) return { kind: 'caller', message };
  if (TRANSIENT.test(message)) return { kind: 'failure', message };
  if (ABSENT.test(message)) return { kind: 'caller', message };
  // The operation failed, not (as far as its words tell) the server: not counted.
  return { kind: 'failure', counted: false, message };
}

/**
 * Reads Session-Buddy's failures, which mostly arrive inside successful results:
 * - text starting `❌ …` (`❌ X failed: …`, `❌ Failed to …`), `Error <verb>ing …: …`, or
 *   `<Feature> not available …`, and dicts `{success: false, error}`, judged by their words:
 *   validation, authentication and argument errors are the caller's; "database is locked",
 *   refused connections and timeouts are transient failures (counted, retried when safe);
 *   "not available" (an optional dependency or database missing) and "not found" are
 *   permanent, the caller's to fix; anything else is a failure the breaker does not count;
 * - `isError` results (FastMCP's text for a raised exception): argument validation and
 *   "not available" are the caller's; the rest are failures (`toolErrorIsFailure`).
 * Text starting `⚠️` is a degraded or partial answer and is returned as is.
 *
 * @example classifySessionBuddyResult(result, { tool: 'quick_search', safety: 'read' })
 */
export const classifySessionBuddyResult: ResultClassifier = (result) => {
  const text = resultText(result).trimStart();
  if (result.isError === true) {
    if (fastmcp.isInvalidArguments(text)) return { kind: 'caller', message: 'invalid arguments' };
    const message = headline(text);
    return NOT_AVAILABLE.test(message) ? { kind: 'caller', message } : undefined;
  }
  if (FAILURE_TEXT.test(text)) return judge(text);
  const body = resultBody(result);
  if (isRecord(body) && body.success === false) return judge(typeof body.error === 'string' ? body.error : 'success: false');
  return undefined;
};
