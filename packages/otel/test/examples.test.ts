import { describe, expect, it } from 'vitest';
import { main } from '../examples/tracing.js';

describe('examples/tracing.ts', () => {
  it('runs and makes the span the README shows', async () => {
    const spans = await main();
    expect(spans.map((span) => span.name)).toEqual(['tools/call read_item']);
    expect(spans[0]!.attributes).toMatchObject({ 'gen_ai.tool.name': 'read_item', 'res.server.name': 'items', 'res.outcome': 'success', 'res.attempts': 2 });
    expect(spans[0]!.events.map((event) => event.name)).toEqual(['res.retry']);
  });
});
