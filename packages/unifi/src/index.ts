/**
 * @res/unifi: a resilient client for UniFi-MCP.
 *
 * @example
 * import { createUnifiClient } from '@res/unifi';
 * const unifi = createUnifiClient(); // the server at http://127.0.0.1:3038/mcp
 * await unifi.call('unifi_get_devices', { site_id: 'default' });
 *
 * @packageDocumentation
 */
import { defineAdapter, type AdapterClient, type AdapterOptions } from '@res/mcp';
import type { UnifiToolArgs } from './args.js';
import { unifiCatalog } from './catalog.js';
import { classifyUnifiResult } from './classify.js';
import { unifiPresets } from './presets.js';

// Controller settings, forwarded only to a server you launch over stdio yourself.
const CONTROLLER_SETTINGS = ['HOST', 'USERNAME', 'PASSWORD', 'PORT', 'SITE_ID', 'VERIFY_SSL', 'TIMEOUT'];

/**
 * The UniFi-MCP adapter's descriptor (what `defineAdapter` made): its catalog, presets and
 * definition, and `create`, for hosts that serve any adapter (a proxy, a demo) without casts.
 *
 * @example unifiAdapter.definition.name // 'unifi'
 */
export const unifiAdapter = defineAdapter<typeof unifiCatalog, UnifiToolArgs>({
  name: 'unifi',
  packageName: '@res/unifi',
  // The server is HTTP only: `python -m unifi_mcp start` serves it here.
  launch: (env) => ({ url: `http://127.0.0.1:${env.UNIFI_MCP_HTTP_PORT ?? '3038'}/mcp` }),
  tools: unifiCatalog,
  presets: unifiPresets,
  classifyResult: classifyUnifiResult,
  // Every failure is an exception, so every isError result is one; the classifier sorts out the caller's.
  toolErrorIsFailure: true,
  // No credential is required by the client: the server holds the controllers' and starts (with no tools) without them.
  env: {
    passthrough: [
      ...CONTROLLER_SETTINGS.map((setting) => `NETWORK_CONTROLLER__${setting}`),
      ...CONTROLLER_SETTINGS.map((setting) => `ACCESS_CONTROLLER__${setting}`),
      'UNIFI_MCP_HTTP_PORT',
      'UNIFI_MCP_HTTP_HOST',
    ],
  },
  // Not a profile variable: the controllers configured on the server choose its tools.
  profileEnv: 'the controllers configured on the server: NETWORK_CONTROLLER__* for the 8 network tools, ACCESS_CONTROLLER__* for the 5 access tools',
});

/** A resilient UniFi-MCP client, typed by its catalog. */
export type UnifiClient = AdapterClient<typeof unifiCatalog, UnifiToolArgs>;

/**
 * Creates a resilient UniFi-MCP client for the server at `http://127.0.0.1:3038/mcp`
 * (`UNIFI_MCP_HTTP_PORT` changes the port). Starts nothing until the first call.
 *
 * @example const unifi = createUnifiClient({ connect: { url: 'http://10.0.0.2:3038/mcp' } });
 */
export function createUnifiClient(options?: AdapterOptions): UnifiClient {
  return unifiAdapter.create(options);
}

export { unifiCatalog, type UnifiTool } from './catalog.js';
export { unifiPresets, type UnifiPreset } from './presets.js';
export { classifyUnifiResult } from './classify.js';
export type { UnifiToolArgs } from './args.js';
