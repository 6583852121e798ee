import fc from 'fast-check';
import { expect, it } from 'vitest';
import { MAX_RESULT_DEPTH, MAX_RESULT_NODES, resultProblem } from '../src/result-bounds.js';
it('result bounds', () => {
  expect(resultProblem({ content: [{ type: 'text', text: 'x' }] })).toBeUndefined();
  let deep: unknown = { leaf: 1 };
  for (let i = 0; i < 5000; i++) deep = { a: deep };
  expect(resultProblem({ content: [], structuredContent: deep })).toMatch(/too deep/);
  expect(resultProblem({ content: [{ type: 'text', text: 'x', _meta: deep }] })).toMatch(/too deep/);
  expect(resultProblem({ content: [], structuredContent: { list: Array.from({ length: 3_000_000 }, () => 1) } })).toMatch(/too large/);
  expect(resultProblem({ content: [], structuredContent: { ok: true } })).toBeUndefined();
});

/** The walk alone, as resultProblem did it before the quick count: what the quick count must agree with. */
function walked(result: unknown, maxDepth: number, maxNodes: number): string | undefined {
  const stack: [unknown, number][] = [[result, 0]];
  let nodes = 0;
  while (stack.length > 0) {
    const [value, depth] = stack.pop() ?? [undefined, 0];
    if (++nodes > maxNodes) return 'large';
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= maxDepth) return 'deep';
    for (const child of Array.isArray(value) ? (value as unknown[]) : Object.values(value)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
      else nodes++;
    }
  }
  return nodes > maxNodes ? 'large' : undefined;
}

const chain = (depth: number): unknown => {
  let value: unknown = { leaf: [1, 'x'] };
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? { a: value } : [value];
  return value;
};

it('the quick count of a small result agrees with the walk, whatever the limits', () => {
  const structured = fc.oneof(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 0, max: 60 }).map(chain));
  fc.assert(
    fc.property(structured, fc.integer({ min: 0, max: 70 }), fc.integer({ min: 0, max: 400 }), fc.boolean(), (value, maxDepth, maxNodes, defaults) => {
      const result = { content: [{ type: 'text', text: 'x' }], structuredContent: value };
      const depth = defaults ? MAX_RESULT_DEPTH : maxDepth;
      const nodes = defaults ? MAX_RESULT_NODES : maxNodes;
      const problem = defaults ? resultProblem(result) : resultProblem(result, depth, nodes);
      const expected = walked(result, depth, nodes);
      if (expected === undefined) expect(problem).toBeUndefined();
      else expect(problem).toMatch(expected === 'deep' ? /too deep/ : /too large/);
    }),
    { numRuns: 3_000 },
  );
});
