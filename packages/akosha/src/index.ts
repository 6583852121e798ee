/**
 * @res/akosha: a resilient client for Akosha.
 *
 * @example
 * import { createAkoshaClient } from '@res/akosha';
 * const akosha = createAkoshaClient(); // http://127.0.0.1:8682/mcp, where `python -m akosha start` listens
 * await akosha.call('search_all_systems', { query: 'JWT authentication' });
 *
 * @packageDocumentation
 */
import { defineAdapter, type AdapterClient, type AdapterOptions } from '@res/mcp';
import type { AkoshaToolArgs } from './args.js';
import { akoshaCatalog } from './catalog.js';
import { classifyAkoshaResult } from './classify.js';
import { akoshaPresets } from './presets.js';

/**
 * The Akosha adapter's descriptor (what `defineAdapter` made): its catalog, presets and
 * definition, and `create`, for hosts that serve any adapter (a proxy, a demo) without casts.
 *
 * @example akoshaAdapter.definition.name // 'akosha'
 */
export const akoshaAdapter = defineAdapter<typeof akoshaCatalog, AkoshaToolArgs>({
  name: 'akosha',
  packageName: '@res/akosha',
  // The server is HTTP only: `python -m akosha start --host 127.0.0.1 --port 8682` serves it here.
  launch: { url: 'http://127.0.0.1:8682/mcp' },
  tools: akoshaCatalog,
  presets: akoshaPresets,
  classifyResult: classifyAkoshaResult,
  // isError results are read by the classifier (validation is the caller's, anything else a failure).
  toolErrorIsFailure: false,
  // Variables `python -m akosha.mcp` reads, for a server you launch yourself.
  env: { passthrough: ['AKOSHA_TOOL_PROFILE', 'AKOSHA_MODE', 'MCP_HOST', 'MCP_PORT'] },
  profileEnv: 'AKOSHA_TOOL_PROFILE',
});

/** A resilient Akosha client, typed by its catalog. */
export type AkoshaClient = AdapterClient<typeof akoshaCatalog, AkoshaToolArgs>;

/**
 * Creates a resilient Akosha client. Needs no credentials; starts nothing until the first call.
 *
 * @example const akosha = createAkoshaClient({ connect: { url: 'http://127.0.0.1:8682/mcp' } });
 */
export function createAkoshaClient(options?: AdapterOptions): AkoshaClient {
  return akoshaAdapter.create(options);
}

export { akoshaCatalog, type AkoshaTool } from './catalog.js';
export { akoshaPresets, type AkoshaPreset } from './presets.js';
export { classifyAkoshaResult } from './classify.js';
export type { AkoshaToolArgs, AkoshaMemory } from './args.js';
