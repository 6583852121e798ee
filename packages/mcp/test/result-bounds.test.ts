import { expect, it } from 'vitest';
import { resultProblem } from '../src/result-bounds.js';
it('result bounds', () => {
  expect(resultProblem({ content: [{ type: 'text', text: 'x' }] })).toBeUndefined();
  let deep: unknown = { leaf: 1 };
  for (let i = 0; i < 5000; i++) deep = { a: deep };
  expect(resultProblem({ content: [], structuredContent: deep })).toMatch(/too deep/);
  expect(resultProblem({ content: [{ type: 'text', text: 'x', _meta: deep }] })).toMatch(/too deep/);
  expect(resultProblem({ content: [], structuredContent: { list: Array.from({ length: 3_000_000 }, () => 1) } })).toMatch(/too large/);
  expect(resultProblem({ content: [], structuredContent: { ok: true } })).toBeUndefined();
});
