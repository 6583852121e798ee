import { fastmcp, isRecord, resultBody, resultText, type ResultClassifier } from '@res/mcp';

const STATUS = /status (\d{3})/;

/**
 * Reads Mailgun-MCP's in-band failures:
 * - `{"error":{"type":"mailgun_error","message":"… status N"}}`: 429 is a rate limit
 *   (Mailgun sends no Retry-After: 1 s), 5xx a transient failure, 4xx the caller's;
 * - `{"error":{"type":"configuration_error"}}`: a missing key or domain (the caller's);
 * - `isError` "Global rate limit exceeded": the server's own bucket refused before any
 *   tool ran, so even `send_message` may be re-sent after 200 ms.
 * Other `isError` results are returned as they are: the server flags some successes.
 *
 * @example classifyMailgunResult(result, { tool: 'get_domains', safety: 'read' })
 */
export const classifyMailgunResult: ResultClassifier = (result) => {
  // The server's bucket refills at 5/s: one token is back after 200 ms.
  const limited = result.isError === true ? fastmcp.globalRateLimit(resultText(result), 200) : undefined;
  if (limited !== undefined) return limited;
  const body = resultBody(result);
  if (!isRecord(body) || !isRecord(body.error)) return undefined;
  const { type, message } = body.error;
  if (type === 'configuration_error') return { kind: 'caller', message: 'configuration_error: MAILGUN_API_KEY or MAILGUN_DOMAIN not set on the server' };
  if (type !== 'mailgun_error') return undefined;
  const status = Number(STATUS.exec(typeof message === 'string' ? message : '')?.[1] ?? NaN);
  if (status === 429) return { kind: 'rate-limit', retryAfter: 1_000, message: 'Mailgun answered 429' };
  if (status >= 500 || Number.isNaN(status)) return { kind: 'failure', message: `Mailgun answered ${Number.isNaN(status) ? 'an error' : status}` };
  return { kind: 'caller', message: `Mailgun answered ${status}` };
};
