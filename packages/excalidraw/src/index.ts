/**
 * @res/excalidraw: a resilient client for Excalidraw-MCP.
 *
 * @example
 * import { createExcalidrawClient } from '@res/excalidraw';
 * const draw = createExcalidrawClient(); // http://127.0.0.1:3032/mcp, where `excalidraw-mcp start` listens
 * await draw.call('query_elements', { request: {} });
 *
 * @packageDocumentation
 */
import { defineAdapter, type AdapterClient, type AdapterOptions } from '@res/mcp';
import type { ExcalidrawToolArgs } from './args.js';
import { excalidrawCatalog } from './catalog.js';
import { classifyExcalidrawResult } from './classify.js';
import { excalidrawPresets } from './presets.js';

/**
 * The Excalidraw-MCP adapter's descriptor (what `defineAdapter` made): its catalog, presets and
 * definition, and `create`, for hosts that serve any adapter (a proxy, a demo) without casts.
 *
 * @example excalidrawAdapter.definition.name // 'excalidraw'
 */
export const excalidrawAdapter = defineAdapter<typeof excalidrawCatalog, ExcalidrawToolArgs>({
  name: 'excalidraw',
  packageName: '@res/excalidraw',
  // The server is HTTP only, and its CLI hard-codes the port: `excalidraw-mcp start` serves it here.
  launch: { url: 'http://127.0.0.1:3032/mcp' },
  tools: excalidrawCatalog,
  presets: excalidrawPresets,
  classifyResult: classifyExcalidrawResult,
  // Every tool catches its own exceptions: the classifier reads the rare isError results.
  toolErrorIsFailure: false,
  env: {
    passthrough: ['EXCALIDRAW_TOOL_PROFILE', 'EXPRESS_SERVER_URL', 'CANVAS_AUTO_START', 'SYNC_RETRY_ATTEMPTS', 'SYNC_RETRY_DELAY_SECONDS'],
  },
  profileEnv: 'EXCALIDRAW_TOOL_PROFILE',
});

/** A resilient Excalidraw-MCP client, typed by its catalog. */
export type ExcalidrawClient = AdapterClient<typeof excalidrawCatalog, ExcalidrawToolArgs>;

/**
 * Creates a resilient Excalidraw-MCP client. Needs no credentials; starts nothing
 * until the first call.
 *
 * @example const draw = createExcalidrawClient({ connect: { url: 'http://127.0.0.1:3032/mcp' } });
 */
export function createExcalidrawClient(options?: AdapterOptions): ExcalidrawClient {
  return excalidrawAdapter.create(options);
}

export { excalidrawCatalog, type ExcalidrawTool } from './catalog.js';
export { excalidrawPresets, type ExcalidrawPreset } from './presets.js';
export { classifyExcalidrawResult } from './classify.js';
export type { ExcalidrawToolArgs, ExcalidrawElementInput } from './args.js';
