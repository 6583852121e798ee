import { describe, expect, it } from 'vitest';
import { fastmcp, firstLine } from '../src/index.js';

describe('fastmcp', () => {
  it.each([
    "Error calling tool 'list_code_graphs': 1 validation error for call[list_code_graphs]\nlimit\n  Input should be a valid integer",
    "Error calling tool 'x': 2 validation errors for HighlightCreate",
    'MCP error -32602: Input validation error: id is required',
    'Input validation error: source_id is required',
  ])('reads %j as invalid arguments', (text) => {
    expect(fastmcp.isInvalidArguments(text)).toBe(true);
  });

  it.each(["Error calling tool 'end': RuntimeError: git exploded", 'database is locked', 'Global rate limit exceeded'])('does not read %j as invalid arguments', (text) => {
    expect(fastmcp.isInvalidArguments(text)).toBe(false);
  });

  it("reads the global bucket's refusal as a rate limit after which even an unsafe call may be re-sent", () => {
    expect(fastmcp.globalRateLimit('Global rate limit exceeded', 200)).toEqual({
      kind: 'rate-limit', retryAfter: 200, notExecuted: true, message: 'Global rate limit exceeded (server bucket)',
    });
    expect(fastmcp.globalRateLimit('Rate limit exceeded (429) from Raindrop.io API', 125)).toBeUndefined();
  });
});

describe('firstLine', () => {
  it('keeps the first line, cut at 200 characters with an ellipsis', () => {
    expect(firstLine('Parse error on line 2:\ngraph TD; A-->')).toBe('Parse error on line 2:');
    expect(firstLine('x'.repeat(201))).toBe(`${'x'.repeat(200)}…`);
    expect(firstLine('y'.repeat(200))).toBe('y'.repeat(200));
  });
});
