import { fastmcp, isRecord, resultBody, resultText, type ResultClassifier } from '@res/mcp';

// Messages the server writes before any canvas request: the caller's arguments are wrong.
const CALLER = /Batch size exceeds maximum|No elements provided|At least 2 elements required|Element ID is required|Element IDs and (?:alignment|direction) are required|Invalid resource type|could not convert|validation (?:error|failed)/i;
// Python's and pydantic's words for arguments that do not match the tool's signature (FastMCP's own shapes: `fastmcp`).
const INVALID_ARGUMENTS = /validation error|Input validation|Field required|missing \d* ?required|unexpected keyword/i;
// Tools whose canvas route does not exist in the snapshot: their failures say nothing about the server.
const NO_CANVAS_ROUTE = new Set(['group_elements', 'ungroup_elements', 'align_elements', 'distribute_elements', 'lock_elements', 'unlock_elements']);
const NO_RESOURCE_ROUTE = /^Failed to retrieve (?:scene|library|theme) resource/;

/**
 * Reads Excalidraw-MCP's in-band failures. Every failure, the canvas's and the
 * caller's alike, arrives as `{"success":false,"error":"…"}` in a normal result:
 * - validation messages written before any canvas request ("Batch size exceeds
 *   maximum limit of 50", "At least 2 elements required for grouping", …): the caller's;
 * - group/ungroup/align/distribute/lock/unlock and `get_resource` of scene, library or
 *   theme: the canvas has no route for them, so a failure that is not counted;
 * - anything else ("Canvas server is not available", "Failed to … on canvas"): a
 *   canvas fault, counted by the breaker and retried for safe tools.
 * `isError` results are FastMCP's argument validation (the caller's); any other
 * `isError` is an uncaught fault.
 *
 * @example classifyExcalidrawResult(result, { tool: 'query_elements', safety: 'read' })
 */
export const classifyExcalidrawResult: ResultClassifier = (result, { tool }) => {
  if (result.isError === true) {
    const text = resultText(result);
    if (fastmcp.isInvalidArguments(text) || INVALID_ARGUMENTS.test(text)) return { kind: 'caller', message: `invalid arguments: ${text.slice(0, 200)}` };
    return { kind: 'failure', message: text.slice(0, 200) || 'tool raised' };
  }
  const body = resultBody(result);
  if (!isRecord(body) || body.success !== false) return undefined;
  const error = typeof body.error === 'string' ? body.error : 'success:false';
  if (CALLER.test(error)) return { kind: 'caller', message: error };
  if (NO_CANVAS_ROUTE.has(tool) || NO_RESOURCE_ROUTE.test(error)) {
    return { kind: 'failure', counted: false, message: `${error} (the canvas has no route for this request)` };
  }
  return { kind: 'failure', message: error };
};
