/**
 * @res/raindropio: a resilient client for RaindropIO-MCP.
 *
 * @example
 * import { createRaindropClient } from '@res/raindropio';
 * const raindrop = createRaindropClient(); // RAINDROP_TOKEN from process.env
 * await raindrop.call('search_bookmarks', { query: 'mcp' });
 *
 * @packageDocumentation
 */
import { defineAdapter, type AdapterClient, type AdapterOptions, type EnvSource } from '@res/mcp';
import type { RaindropToolArgs } from './args.js';
import { raindropCatalog } from './catalog.js';
import { classifyRaindropResult } from './classify.js';
import { raindropPresets, type RaindropPreset } from './presets.js';

/** The server's per-attempt timeout the default preset is sized for (seconds). */
function requestTimeout(env: EnvSource): string {
  const value = env.RAINDROP_REQUEST_TIMEOUT;
  return value === undefined || value.trim() === '' ? '10' : value;
}

/**
 * The RaindropIO-MCP adapter's descriptor (what `defineAdapter` made): its catalog, presets and
 * definition, and `create`, for hosts that serve any adapter (a proxy, a demo) without casts.
 *
 * @example raindropAdapter.definition.name // 'raindropio'
 */
export const raindropAdapter = defineAdapter<typeof raindropCatalog, RaindropToolArgs, Exclude<RaindropPreset, 'default'>>({
  name: 'raindropio',
  packageName: '@res/raindropio',
  // The module's default transport is stdio. RAINDROP_ENABLE_HTTP_TRANSPORT is never passed:
  // it would turn the child into an HTTP server.
  launch: (env) => ({ command: 'python', args: ['-m', 'raindropio_mcp.main'], env: { RAINDROP_REQUEST_TIMEOUT: requestTimeout(env) } }),
  tools: raindropCatalog,
  presets: raindropPresets,
  classifyResult: classifyRaindropResult,
  // Every failure is thrown, so every isError result is one; the classifier sorts out the caller's.
  toolErrorIsFailure: true,
  env: {
    required: ['RAINDROP_TOKEN'],
    passthrough: [
      'RAINDROPIO_TOOL_PROFILE',
      'RAINDROP_REQUEST_TIMEOUT',
      'RAINDROP_RETRY__TOTAL',
      'RAINDROP_RETRY__BACKOFF_FACTOR',
      'RAINDROP_RETRY__STATUS_FORCELIST',
      'RAINDROP_BASE_URL',
      'RAINDROP_MAX_CONNECTIONS',
      'RAINDROP_USER_AGENT',
    ],
  },
  profileEnv: 'RAINDROPIO_TOOL_PROFILE',
});

/** A resilient RaindropIO-MCP client, typed by its catalog. */
export type RaindropClient = AdapterClient<typeof raindropCatalog, RaindropToolArgs>;

/**
 * Creates a resilient RaindropIO-MCP client. Checks `RAINDROP_TOKEN` (from `options.env`,
 * else `process.env`) before anything starts; by default launches
 * `python -m raindropio_mcp.main` over stdio with `RAINDROP_REQUEST_TIMEOUT=10`.
 *
 * @example const raindrop = createRaindropClient({ env: { RAINDROP_TOKEN: token } });
 */
export function createRaindropClient(options?: AdapterOptions<Exclude<RaindropPreset, 'default'>>): RaindropClient {
  return raindropAdapter.create(options);
}

export { raindropCatalog, type RaindropTool } from './catalog.js';
export { raindropPresets, type RaindropPreset } from './presets.js';
export { classifyRaindropResult } from './classify.js';
export type { RaindropToolArgs, RaindropBookmarkPayload, RaindropCollectionPayload, RaindropFilter } from './args.js';
