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
  // A small result (structuredContent, _meta): counted in a bounded recursion, nothing allocated.
  const quick = quickCount(result as object, 0, Math.min(QUICK_DEPTH, maxDepth), Math.min(QUICK_NODES, maxNodes));
  if (quick >= 0 && quick <= maxNodes) return undefined;
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

/** Results nested at most this deep and with at most this many values are judged by {@link quickCount}. */
const QUICK_DEPTH = 32;
const QUICK_NODES = 10_000;

/**
 * The values in `value` (itself included), or -1 when an object sits at `maxDepth` or the count
 * passes `maxNodes` (then the walk decides). Arrays are iterated, as the walk iterates them;
 * objects by `for...in`, which sees every value `Object.values` does (and inherited enumerable
 * ones), so this can only send a result on to the walk, never pass one the walk would refuse.
 */
function quickCount(value: object, depth: number, maxDepth: number, maxNodes: number): number {
  if (depth >= maxDepth) return -1;
  let nodes = 1;
  if (Array.isArray(value)) {
    for (const child of value as unknown[]) {
      nodes = quickAdd(child, nodes, depth, maxDepth, maxNodes);
      if (nodes < 0) return -1;
    }
    return nodes;
  }
  for (const key in value) {
    nodes = quickAdd((value as Record<string, unknown>)[key], nodes, depth, maxDepth, maxNodes);
    if (nodes < 0) return -1;
  }
  return nodes;
}

/** `nodes` plus the values in `child` (a child of an object at `depth`), or -1 past the bounds. */
function quickAdd(child: unknown, nodes: number, depth: number, maxDepth: number, maxNodes: number): number {
  let total = nodes + 1;
  if (typeof child === 'object' && child !== null) {
    const inner = quickCount(child, depth + 1, maxDepth, maxNodes - nodes);
    if (inner < 0) return -1;
    total = nodes + inner;
  }
  return total > maxNodes ? -1 : total;
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
