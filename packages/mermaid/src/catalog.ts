import type { Catalog } from '@res/mcp';

/**
 * Every tool Mermaid-MCP registers (hustcc/mcp-mermaid v0.4.1): one, always
 * registered, a local render that changes nothing, so it is a `read`.
 *
 * @example mermaidCatalog.generate_mermaid_diagram.safety // 'read'
 */
export const mermaidCatalog = {
  generate_mermaid_diagram: {
    safety: 'read',
    purpose: 'Render Mermaid syntax locally in headless Chromium: mermaid (required), theme, backgroundColor, outputType (base64 PNG by default, svg, mermaid, file, svg_url, png_url)',
    note: 'outputType "file" writes a uniquely named PNG into the server\'s working directory on every call, so a retry leaves an extra file (harmless); svg_url/png_url only build a mermaid.ink link after rendering locally',
  },
} as const satisfies Catalog;

/** The names of Mermaid-MCP's tools. */
export type MermaidTool = keyof typeof mermaidCatalog;
