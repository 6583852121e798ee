/**
 * @res/mermaid/testing: Mermaid-MCP's failure shapes (see `shared/servers/mermaid.json`) as
 * faults in @res/testkit's fault language, plain data with no dependency: pass them to
 * `fakeServer(mermaidCatalog, { faults })` or `setFault`.
 *
 * @example
 * import { mermaidFaults } from '@res/mermaid/testing';
 * server.setFault('generate_mermaid_diagram', mermaidFaults.renderFailed('page.evaluate: Target closed'));
 *
 * @packageDocumentation
 */

/**
 * Mermaid-MCP's failures: JSON-RPC -32603 errors (mcp-mermaid 0.4.1 on mermaid 11).
 *
 * @example fakeServer(mermaidCatalog, { faults: { generate_mermaid_diagram: mermaidFaults.renderFailed('Parse error on line 2:') } });
 */
export const mermaidFaults = {
  /**
   * A failed render: -32603 `Failed to generate mermaid: <reason>` (the parser's words, or the browser's).
   *
   * @example mermaidFaults.renderFailed('Protocol error (Target.createTarget): Target closed');
   */
  renderFailed: (reason: string) => ({ type: 'rpc-error', code: -32603, message: `Failed to generate mermaid: ${reason}` }) as const,
} as const;
