import type { ResilientClient } from '@res/mcp';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from './log.js';

/**
 * `res_health`: the upstream's `health()` as JSON. Read-only, no arguments.
 *
 * @example const { tools } = await upstream.listTools(); return { tools: [...tools, healthTool] };
 */
export const healthTool: Tool = {
  name: 'res_health',
  title: 'res: upstream health',
  description: "The upstream MCP server's health as seen by res: breaker state, calls, failures, retries, rejections, last error, latency.",
  inputSchema: { type: 'object', properties: {} },
  annotations: { readOnlyHint: true, idempotentHint: true, destructiveHint: false, openWorldHint: false },
};

/**
 * `res_admin`: reset or isolate the upstream's breaker by hand (opt-in with `--admin-tool`).
 *
 * @example res-proxy --admin-tool -- npx -y mcp-mermaid   # then call res_admin { "action": "isolate" }
 */
export const adminTool: Tool = {
  name: 'res_admin',
  title: 'res: breaker control',
  description:
    "Operator control of the upstream's circuit breakers: 'reset' closes them and clears their counts; 'isolate' holds them open (every call fails fast) until a reset; 'status' reports them. With per-tool breakers, 'tool' picks one.",
  inputSchema: {
    type: 'object',
    properties: {
      action: { type: 'string', enum: ['reset', 'isolate', 'status'] },
      tool: { type: 'string', description: 'only the breaker guarding this tool (default: every breaker)' },
    },
    required: ['action'],
  },
  annotations: { readOnlyHint: false, idempotentHint: true, destructiveHint: false, openWorldHint: false },
};

/** Runs a `res_admin` action. */
export function runAdmin(upstream: ResilientClient, args: Record<string, unknown> | undefined, logger: Logger): CallToolResult {
  const action = args?.action;
  const tool = args?.tool;
  if (action !== 'reset' && action !== 'isolate' && action !== 'status') {
    return { content: [{ type: 'text', text: `res_admin: action must be 'reset', 'isolate' or 'status', got ${JSON.stringify(action)}` }], isError: true };
  }
  if (tool !== undefined && typeof tool !== 'string') {
    return { content: [{ type: 'text', text: `res_admin: tool must be a string, got ${JSON.stringify(tool)}` }], isError: true };
  }
  const targets = tool === undefined ? [...new Set(upstream.breakers().values())] : [upstream.breakerFor(tool)];
  for (const breaker of targets) {
    if (action === 'reset') breaker.reset();
    if (action === 'isolate') breaker.isolate();
  }
  if (action !== 'status') logger.info(`${upstream.name}: ${targets.map((b) => b.name).join(', ')} ${action === 'reset' ? 'reset' : 'isolated'} by res_admin`);
  const breakers = targets.map((breaker) => ({ name: breaker.name, state: breaker.state, stats: breaker.stats() }));
  return { content: [{ type: 'text', text: JSON.stringify({ action, state: upstream.health().state, breakers }) }] };
}
