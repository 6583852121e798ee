/**
 * Results too deep or too large to classify (DESIGN §9): JSON.stringify, JSON
 * schema checks and classifiers recurse, so a result nested thousands deep would
 * overflow the stack somewhere downstream — a hang or a silent success. Such a
 * result is a `protocol` failure instead. The walk is iterative and stops early.
 */

/** Nesting deeper than this is refused (V8's JSON.stringify overflows near 4,000). */
export const MAX_RESULT_DEPTH = 1_000;
/** More values than this (objects, arrays, strings, numbers…) are refused. */
export const MAX_RESULT_NODES = 2_000_000;

/**
 * Why a result cannot be classified, or `undefined` when it is fine.
 *
 * @example resultProblem({ content: [] }); // undefined
 */
export function resultProblem(result: unknown, maxDepth = MAX_RESULT_DEPTH, maxNodes = MAX_RESULT_NODES): string | undefined {
  if (isPlainToolResult(result)) return undefined; // the hot path: nothing to walk, nothing allocated
  const stack: unknown[] = [result];
  const depths: number[] = [0];
  let nodes = 0;
  while (stack.length > 0) {
    const value = stack.pop();
    const depth = depths.pop() ?? 0;
    if (++nodes > maxNodes) return `result too large to classify (more than ${maxNodes} values)`;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= maxDepth) return `result too deep to classify (nested more than ${maxDepth} levels)`;
    const children: unknown[] = Array.isArray(value) ? value : Object.values(value);
    for (const child of children) {
      if (typeof child === 'object' && child !== null) {
        stack.push(child);
        depths.push(depth + 1);
      } else nodes++;
    }
  }
  return nodes > maxNodes ? `result too large to classify (more than ${maxNodes} values)` : undefined;
}

/** `{ content: [flat items] }` and nothing else: the common result, judged without a walk. */
function isPlainToolResult(result: unknown): boolean {
  if (typeof result !== 'object' || result === null) return true;
  for (const key in result) {
    if (key !== 'content' && key !== 'isError') return false;
  }
  const content = (result as { content?: unknown }).content;
  if (!Array.isArray(content) || content.length > 1_000) return false;
  for (const item of content as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    for (const key in item) {
      const value = (item as Record<string, unknown>)[key];
      if (typeof value === 'object' && value !== null) return false;
    }
  }
  return true;
}
