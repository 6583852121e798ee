/**
 * @res/mahavishnu: a resilient client for Mahavishnu.
 *
 * @example
 * import { createMahavishnuClient } from '@res/mahavishnu';
 * const mhv = createMahavishnuClient(); // http://127.0.0.1:8680/mcp, where `mahavishnu mcp start` listens
 * await mhv.call('get_workflow_status', { workflow_id: 'wf_123' });
 *
 * @packageDocumentation
 */
import { defineAdapter, type AdapterClient, type AdapterOptions } from '@res/mcp';
import type { MahavishnuToolArgs } from './args.js';
import { mahavishnuCatalog } from './catalog.js';
import { classifyMahavishnuResult } from './classify.js';
import { mahavishnuPresets, type MahavishnuPreset } from './presets.js';

/**
 * The Mahavishnu adapter's descriptor (what `defineAdapter` made): its catalog, presets and
 * definition, and `create`, for hosts that serve any adapter (a proxy, a demo) without casts.
 *
 * @example mahavishnuAdapter.definition.name // 'mahavishnu'
 */
export const mahavishnuAdapter = defineAdapter<typeof mahavishnuCatalog, MahavishnuToolArgs, Exclude<MahavishnuPreset, 'default'>>({
  name: 'mahavishnu',
  packageName: '@res/mahavishnu',
  // The server is HTTP only: `mahavishnu mcp start --host 127.0.0.1 --port 8680` serves it here.
  launch: { url: 'http://127.0.0.1:8680/mcp' },
  tools: mahavishnuCatalog,
  presets: mahavishnuPresets,
  classifyResult: classifyMahavishnuResult,
  // isError results are read by the classifier (validation is the caller's, anything else a failure).
  toolErrorIsFailure: false,
  // The tool profile and the feature flags that add or remove tool groups, for a server you launch yourself.
  env: {
    passthrough: [
      'MAHAVISHNU_TOOL_PROFILE',
      'MAHAVISHNU_POOLS__ENABLED',
      'MAHAVISHNU_ADAPTER_REGISTRY__ENABLED',
      'MAHAVISHNU_GOAL_TEAMS__ENABLED',
      'MAHAVISHNU_GOAL_TEAMS__FEATURE_FLAGS__MCP_TOOLS_ENABLED',
    ],
  },
  profileEnv: 'MAHAVISHNU_TOOL_PROFILE',
});

/** A resilient Mahavishnu client, typed by its catalog. */
export type MahavishnuClient = AdapterClient<typeof mahavishnuCatalog, MahavishnuToolArgs>;

/**
 * Creates a resilient Mahavishnu client. Needs no credentials; starts nothing until the first call.
 *
 * @example const mhv = createMahavishnuClient({ preset: 'workflow' });
 */
export function createMahavishnuClient(options?: AdapterOptions<Exclude<MahavishnuPreset, 'default'>>): MahavishnuClient {
  return mahavishnuAdapter.create(options);
}

export { mahavishnuCatalog, type MahavishnuTool } from './catalog.js';
export { mahavishnuPresets, type MahavishnuPreset } from './presets.js';
export { classifyMahavishnuResult } from './classify.js';
export type { MahavishnuToolArgs, MahavishnuCallerKind } from './args.js';
