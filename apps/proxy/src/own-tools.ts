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
    "Operator control of the upstream's circuit breaker: 'reset' closes it and clears its counts; 'isolate' holds it open (every call fails fast) until a reset; 'status' reports it.",
  inputSchema: {
    type: 'object',
    properties: { action: { type: 'string', enum: ['reset', 'isolate', 'status'] } },
    required: ['action'],
  },
  annotations: { readOnlyHint: false, idempotentHint: true, destructiveHint: false, openWorldHint: false },
};

/** Runs a `res_admin` action. */
export function runAdmin(upstream: ResilientClient, args: Record<string, unknown> | undefined, logger: Logger): CallToolResult {
  const action = args?.action;
  const breaker = upstream.breaker;
  if (action === 'reset') {
    breaker.reset();
    logger.info(`${upstream.name}: breaker reset by res_admin`);
  } else if (action === 'isolate') {
    breaker.isolate();
    logger.info(`${upstream.name}: breaker isolated by res_admin`);
  } else if (action !== 'status') {
    return { content: [{ type: 'text', text: `res_admin: action must be 'reset', 'isolate' or 'status', got ${JSON.stringify(action)}` }], isError: true };
  }
  return { content: [{ type: 'text', text: JSON.stringify({ action, state: breaker.state, stats: breaker.stats() }) }] };
}
