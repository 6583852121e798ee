/**
 * @res/mermaid: a resilient client for Mermaid-MCP.
 *
 * @example
 * import { createMermaidClient } from '@res/mermaid';
 * const mermaid = createMermaidClient(); // launches `npx -y mcp-mermaid` on the first call
 * await mermaid.call('generate_mermaid_diagram', { mermaid: 'graph TD; A-->B', outputType: 'svg' });
 *
 * @packageDocumentation
 */
import { defineAdapter, type AdapterClient, type AdapterOptions } from '@res/mcp';
import type { MermaidToolArgs } from './args.js';
import { mermaidCatalog } from './catalog.js';
import { classifyMermaidError } from './classify.js';
import { mermaidPresets } from './presets.js';

/**
 * The Mermaid-MCP adapter's descriptor (what `defineAdapter` made): its catalog, presets and
 * definition, and `create`, for hosts that serve any adapter (a proxy, a demo) without casts.
 *
 * @example mermaidAdapter.definition.name // 'mermaid'
 */
export const mermaidAdapter = defineAdapter<typeof mermaidCatalog, MermaidToolArgs>({
  name: 'mermaid',
  packageName: '@res/mermaid',
  // The server's documented default: stdio through npx.
  launch: { command: 'npx', args: ['-y', 'mcp-mermaid'] },
  tools: mermaidCatalog,
  presets: mermaidPresets,
  // Failures are thrown, never in results: the message of a -32603 tells a syntax error from a renderer fault.
  classifyError: classifyMermaidError,
  // No credentials. Playwright looks for its browser under PLAYWRIGHT_BROWSERS_PATH, which the SDK does not pass on.
  env: { passthrough: ['PLAYWRIGHT_BROWSERS_PATH'] },
});

/** A resilient Mermaid-MCP client, typed by its catalog. */
export type MermaidClient = AdapterClient<typeof mermaidCatalog, MermaidToolArgs>;

/**
 * Creates a resilient Mermaid-MCP client. Starts nothing: the server is launched
 * (`npx -y mcp-mermaid`) on the first call.
 *
 * @example const mermaid = createMermaidClient({ connect: { url: 'http://127.0.0.1:3033/mcp' } });
 */
export function createMermaidClient(options?: AdapterOptions): MermaidClient {
  return mermaidAdapter.create(options);
}

export { mermaidCatalog, type MermaidTool } from './catalog.js';
export { mermaidPresets, type MermaidPreset } from './presets.js';
export { classifyMermaidError } from './classify.js';
export type { MermaidToolArgs } from './args.js';
