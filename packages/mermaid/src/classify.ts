import { firstLine, type ErrorClassifier } from '@res/mcp';

// What Mermaid's own parser says about the diagram text (mermaid 11): the caller's mistake.
const SYNTAX = /^Failed to generate mermaid: (?:Parse error|Lexical error|Syntax error|No diagram type detected|UnknownDiagramError)/;
// outputType "file": the server could not write the PNG into its working directory.
const FILE_OUTPUT = /^(?:Failed to generate screenshot for file output|Failed to save file:)/;

/**
 * Reads Mermaid-MCP's JSON-RPC errors. It reports every render failure as
 * -32603 `Failed to generate mermaid: <message>`, so the message decides:
 * - the Mermaid parser's own words (`Parse error on line …`, `Lexical error on line …`,
 *   `No diagram type detected …`): the diagram is wrong, a caller error, not retried, not counted;
 * - `outputType: 'file'` could not be written: not retried, not counted (other outputs still work);
 * - anything else (the browser would not launch, crashed, timed out): the renderer's fault,
 *   counted by the breaker and retried once.
 * -32602 (bad arguments) and -32601 (unknown tool) are caller errors already.
 *
 * @example classifyMermaidError({ code: -32603, message: 'Failed to generate mermaid: Parse error on line 2: …' }, { tool: 'generate_mermaid_diagram', safety: 'read' }) // { kind: 'caller', … }
 */
export const classifyMermaidError: ErrorClassifier = ({ code, message }) => {
  if (code !== -32603) return undefined;
  if (SYNTAX.test(message)) return { kind: 'caller', message: `diagram syntax error: ${firstLine(message.slice('Failed to generate mermaid: '.length))}` };
  if (FILE_OUTPUT.test(message)) return { kind: 'caller', message: `outputType "file" could not be written on the server: ${firstLine(message)}` };
  return undefined;
};
