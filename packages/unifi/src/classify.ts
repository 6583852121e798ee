import { fastmcp, resultText, type ResultClassification, type ResultClassifier } from '@res/mcp';

// httpx's raise_for_status: "Client error '404 Not Found' for url …", "Server error '502 Bad Gateway' …".
const HTTP_STATUS = /(?:Client|Server) error '(\d{3})/;
// A login the controller refused: "Authentication error: Authentication failed with status 401[: …]".
const LOGIN_STATUS = /Authentication failed with status (\d{3})/;
const UNREACHABLE = /Network error during authentication|timed out|Timeout|All connection attempts failed|Connection refused|ConnectError/;

const INVALID_ARGUMENTS: ResultClassification = { kind: 'caller', message: 'invalid arguments' };
const UNREACHABLE_FAILURE: ResultClassification = { kind: 'failure', message: 'controller unreachable or timed out' };

/** What a controller's HTTP status means for the call. */
function byStatus(status: number, what: string): ResultClassification {
  if (status === 429) return { kind: 'rate-limit', retryAfter: 1_000, message: `${what} answered 429` };
  if (status >= 500 || status === 408) return { kind: 'failure', message: `${what} answered ${status}` };
  // 401/403 after the server's own re-login, 404, 400: retrying cannot help.
  return { kind: 'caller', message: `${what} answered ${status}` };
}

/**
 * Reads UniFi-MCP's failures, which all arrive as `isError` text:
 * - "Global rate limit exceeded": FastMCP's bucket refused before any tool ran, so even an
 *   unsafe call may be re-sent after 100 ms;
 * - httpx's "Client/Server error 'NNN …'" and a refused login's "status NNN": 429 a rate
 *   limit (1 s), 5xx and 408 failures, other 4xx the caller's;
 * - "Invalid credentials", a login error without a status, argument validation: the caller's;
 * - network errors and timeouts: failures.
 * Other `isError` results are failures too (`toolErrorIsFailure`). Successful results are
 * answers, even `[]` and `{}`: the server turns unexpected shapes into those silently, and
 * they cannot be told from "nothing there".
 *
 * @example classifyUnifiResult(result, { tool: 'unifi_get_devices', safety: 'read' })
 */
export const classifyUnifiResult: ResultClassifier = (result) => {
  if (result.isError !== true) return undefined;
  const text = resultText(result);
  // The server's bucket refills at 10/s: one token is back after 100 ms.
  const limited = fastmcp.globalRateLimit(text, 100);
  if (limited !== undefined) return limited;
  if (fastmcp.isInvalidArguments(text)) return INVALID_ARGUMENTS;
  const login = LOGIN_STATUS.exec(text);
  if (login !== null) return byStatus(Number(login[1]), 'controller login');
  if (UNREACHABLE.test(text)) return UNREACHABLE_FAILURE;
  if (text.includes('Invalid credentials') || text.includes('Authentication error')) {
    return { kind: 'caller', message: 'controller login refused: check the controller credentials' };
  }
  const http = HTTP_STATUS.exec(text);
  if (http !== null) return byStatus(Number(http[1]), 'controller');
  return undefined;
};
