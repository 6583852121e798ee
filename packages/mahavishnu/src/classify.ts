import { fastmcp, isRecord, resultBody, resultText, type ResultClassification, type ResultClassifier } from '@res/mcp';

// Beyond FastMCP's own shapes (`fastmcp`): auth, unknown tools and the tools' own argument checks (raised, so isError).
const INVALID_ARGUMENTS = /validation error|Input validation|MCP error -32600|Field required|Unknown tool|must be between|Authentication|Unauthori[sz]ed|Permission denied/i;
// Answers about the request or the server's configuration: the same call would fail the same way.
const DEFINITIVE = /invalid|not found|does not exist|does not have permission|permission denied|forbidden|unauthori[sz]ed|required|validation|disabled|unconfigured|not configured|not initiali[sz]ed|not supported|does not support/i;
// A dependency fault that may pass.
const TRANSIENT = /timed? ?out|timeout|connection (?:refused|reset|error|closed|aborted)|ECONNREFUSED|ECONNRESET|unavailable|temporar|try again|too many|overloaded|database is locked|\b50[234]\b/i;

/** The failure's text: `error` (a string, or `{code, message}`), else `message`, else a workflow record's `result.error`. */
function errorText(body: Record<string, unknown>): string {
  const { error, message, result } = body;
  if (typeof error === 'string') return error;
  if (isRecord(error) && typeof error.message === 'string') return error.message;
  if (typeof message === 'string') return message;
  return isRecord(result) && typeof result.error === 'string' ? result.error : '';
}

/** `status:"error"|"failed"`, or with no status `success:false` or a bare `{error}`; other statuses are answers. */
function reportsFailure(body: Record<string, unknown>): boolean {
  const { status, success, error } = body;
  if (status !== undefined) return status === 'error' || status === 'failed';
  if (success !== undefined) return success === false;
  return typeof error === 'string' ? error !== '' : isRecord(error);
}

/** `status: "rate_limited"`: the pool quota refused the task before dispatch. */
function rateLimited(body: Record<string, unknown>): ResultClassification {
  const seconds = body.retry_after_seconds;
  const retryAfter = typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1_000 : 1_000;
  const kind = typeof body.caller_kind === 'string' ? ` for caller_kind '${body.caller_kind}'` : '';
  return { kind: 'rate-limit', retryAfter, message: `pool quota exhausted${kind}: retry after ${retryAfter} ms` };
}

/**
 * Reads Mahavishnu's in-band failures (its tools return ad-hoc dicts, never `isError`):
 * - `status:"rate_limited"` + `retry_after_seconds`: a rate limit, `retryAfter` = seconds × 1000
 *   (the pool tools that return it are unsafe, so they are never re-sent automatically);
 * - other `status` values (`not_found`, `forbidden`, `unhealthy`, `completed`…): answers;
 * - a workflow record (`workflow_id` + `status:"failed"`): the workflow's own failure, not
 *   the server's (not counted); from a read tool (`get_workflow_status`) it is an answer;
 * - `status:"error"|"failed"`, `success:false`, or a bare `{error}`: a definitive message
 *   (invalid, not found, no permission, disabled, unconfigured, not initialised) is the
 *   caller's (not retried, not counted); `status:"failed"` is the operation's own failure
 *   (not counted); a transient dependency fault is counted; anything else is counted for
 *   read and idempotent tools only (an unsafe tool's failure describes its work);
 * - `isError`: argument validation or auth is the caller's, anything else a failure.
 *
 * @example classifyMahavishnuResult(result, { tool: 'trigger_workflow', safety: 'unsafe' })
 */
export const classifyMahavishnuResult: ResultClassifier = (result, { safety }) => {
  if (result.isError === true) {
    const text = resultText(result).slice(0, 200);
    return fastmcp.isInvalidArguments(text) || INVALID_ARGUMENTS.test(text) ? { kind: 'caller', message: text } : { kind: 'failure', message: text || 'tool raised' };
  }
  const body = resultBody(result);
  if (!isRecord(body)) return undefined;
  const { status } = body;
  if (status === 'rate_limited') return rateLimited(body);
  const text = errorText(body);
  if (status === 'failed' && 'workflow_id' in body) {
    // A workflow record: the work failed, not the server. From a read tool it is the answer asked for.
    return safety === 'read' ? undefined : { kind: 'failure', counted: false, message: `workflow failed: ${text || 'no error given'}` };
  }
  if (!reportsFailure(body)) return undefined;
  const message = text || (typeof status === 'string' ? `status: ${status}` : 'success: false');
  if (DEFINITIVE.test(text)) return { kind: 'caller', message };
  if (status === 'failed') return { kind: 'failure', counted: false, message };
  if (TRANSIENT.test(text)) return { kind: 'failure', message };
  return { kind: 'failure', counted: safety !== 'unsafe', message };
};
