import { fastmcp, isRecord, resultBody, resultText, type ResultClassifier } from '@res/mcp';

// The caller's mistakes beyond FastMCP's own shapes (`fastmcp`): Akosha's own validation, auth.
const INVALID = /Input validation failed|validation error|MCP error -32600|Field required|Authentication required|Insufficient permissions|Invalid (?:memory_id|text)|Embedding is required|Batch size exceeds|Missing required field/i;
// A repeated store hits the primary key of the record the first call stored.
const CONFLICT = /duplicate|already exists|unique constraint|primary key|conflict/i;

function isInvalid(text: string): boolean {
  return fastmcp.isInvalidArguments(text) || INVALID.test(text);
}

function isCallerText(text: string): boolean {
  return isInvalid(text) || CONFLICT.test(text);
}

/** A batch whose items all failed for the caller's reasons (bad fields, records already stored). */
function callersBatch(errors: unknown): boolean {
  return Array.isArray(errors) && errors.length > 0 && errors.every((item) => isRecord(item) && typeof item.error === 'string' && isCallerText(item.error));
}

/**
 * Reads Akosha's in-band failures:
 * - `{error:"Insufficient data for … analysis"}`: an answer (not enough data), returned as is;
 * - `{status:"failed", error}` (store_memory) and a batch whose `status` is `failed`: the
 *   caller's when the text is a validation message or a key conflict (a repeated store),
 *   else a failure; a batch `status:"partial"` is an answer: read its per-item `errors`;
 * - `{status:"error", error|message}` (fitness, PyCharm; "not initialized … starting up"):
 *   a failure, counted and retried for read tools;
 * - `isError`: FastMCP's argument validation or auth (the caller's), else an uncaught
 *   exception (a failure).
 *
 * @example classifyAkoshaResult(result, { tool: 'analyze_trends', safety: 'read' })
 */
export const classifyAkoshaResult: ResultClassifier = (result) => {
  if (result.isError === true) {
    const text = resultText(result).slice(0, 200);
    return isInvalid(text) ? { kind: 'caller', message: text } : { kind: 'failure', message: text || 'tool raised' };
  }
  const body = resultBody(result);
  if (!isRecord(body)) return undefined;
  const text = typeof body.error === 'string' ? body.error : typeof body.message === 'string' ? body.message : '';
  if (body.status === 'failed') {
    if (isCallerText(text) || (text === '' && callersBatch(body.errors))) return { kind: 'caller', message: text || 'every item of the batch was refused' };
    return { kind: 'failure', message: text || 'store failed' };
  }
  if (body.status === 'error') return isInvalid(text) ? { kind: 'caller', message: text } : { kind: 'failure', message: text || 'status: error' };
  return undefined;
};
