import { describe, expect, it } from 'vitest';
import { main } from '../examples/quickstart.js';

describe('examples/quickstart.ts', () => {
  it('runs and scrapes the counts the README shows', async () => {
    const scrape = await main();
    expect(scrape).toContain('res_calls_total{server="items",tool="read_item",outcome="success"} 1');
    expect(scrape).toContain('res_retries_total{server="items",tool="read_item"} 1');
    expect(scrape).toContain('res_reconnects_total{server="items"} 1');
  });
});
