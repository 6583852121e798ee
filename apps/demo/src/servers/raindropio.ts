/** RaindropIO-MCP: bookmarks behind the Raindrop.io API; it retries every call itself, so the client makes one attempt. */
import { raindropAdapter } from '@res/raindropio';
import { defineDemoServer } from './types.js';

const COLLECTION = 48211;
const BOOKMARKS = [
  { _id: 912345678, link: 'https://modelcontextprotocol.io/specification', title: 'Specification - Model Context Protocol', tags: ['mcp', 'spec'], domain: 'modelcontextprotocol.io' },
  { _id: 912345702, link: 'https://martinfowler.com/bliki/CircuitBreaker.html', title: 'Circuit Breaker', tags: ['resilience'], domain: 'martinfowler.com' },
  { _id: 912345733, link: 'https://aws.amazon.com/builders-library/timeouts-retries-and-backoff-with-jitter/', title: 'Timeouts, retries and backoff with jitter', tags: ['resilience', 'aws'], domain: 'aws.amazon.com' },
].map((item) => ({ ...item, excerpt: '', type: 'link', created: '2025-02-11T08:21:05.000Z', collection: { $id: COLLECTION } }));
const IDS = BOOKMARKS.map((bookmark) => bookmark._id);
const QUERIES = ['circuit breaker', 'mcp', 'backoff'];

export const raindropio = defineDemoServer({
  adapter: raindropAdapter,
  title: 'RaindropIO-MCP',
  env: { RAINDROP_TOKEN: 'demo-token-00000000-0000-0000-0000-000000000000' },
  latencyMs: 90,
  results: {
    list_collections: { result: true, items: [{ _id: COLLECTION, title: 'Reading list', count: 214, public: false }, { _id: 48212, title: 'Papers', count: 37, public: false }] },
    list_bookmarks: { result: true, items: BOOKMARKS, count: 214, collectionId: COLLECTION },
    search_bookmarks: { result: true, items: BOOKMARKS.slice(0, 2), count: 2 },
    get_bookmark: { result: true, item: BOOKMARKS[0] },
    update_bookmark: { result: true, item: { ...BOOKMARKS[1], tags: ['resilience', 'patterns'] } },
    create_bookmark: { result: true, item: { ...BOOKMARKS[2], _id: 912346001, title: 'Release It! notes', link: 'https://pragprog.com/titles/mnee2/release-it-second-edition/' } },
  },
  workload: [
    { tool: 'list_bookmarks', weight: 3, args: (rng) => ({ collection_id: COLLECTION, page: rng.int(0, 1), per_page: 25 }) },
    { tool: 'search_bookmarks', weight: 3, args: (rng) => ({ query: rng.pick(QUERIES) }) },
    { tool: 'get_bookmark', weight: 2, args: (rng) => ({ bookmark_id: rng.pick(IDS) }) },
    { tool: 'list_collections', weight: 1, args: () => ({}) },
    { tool: 'update_bookmark', weight: 1, args: (rng) => ({ bookmark_id: rng.pick(IDS), payload: { tags: ['resilience', 'patterns'] } }) },
    {
      tool: 'create_bookmark',
      weight: 1,
      args: (rng) => ({ collection_id: COLLECTION, payload: { link: `https://example.com/articles/${rng.int(100, 999)}`, title: 'Saved by the demo', tags: ['demo'] } }),
    },
  ],
  cached: ['list_bookmarks', 'search_bookmarks'],
  timeline: [
    { at: 0.14, label: 'slow API: 2.5 s, past the timeout', faults: { list_bookmarks: { type: 'slow', ms: 2_500 }, search_bookmarks: { type: 'slow', ms: 2_500 } } },
    { at: 0.3, label: 'calm', faults: {} },
    { at: 0.36, label: 'rpc-error -32603', faults: { '*': { type: 'rpc-error', code: -32603, message: 'Transport error talking to Raindrop.io' } } },
    { at: 0.55, label: 'calm', faults: {} },
  ],
});
