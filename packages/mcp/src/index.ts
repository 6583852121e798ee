/**
 * @res/mcp: a resilient MCP client.
 *
 * @example
 * import { ResilientClient } from '@res/mcp';
 * const client = new ResilientClient({ name: 'everything', connect: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-everything'] } });
 * const result = await client.callTool('echo', { message: 'hi' });
 *
 * @packageDocumentation
 */
export { ResilientClient } from './client.js';
export { McpCallError, McpTimeoutError, isMcpFailure, type ErrorKind, type McpFailure, type McpCallErrorInit } from './errors.js';
export { classifyThrown, classifyResult as classifyToolResult, stripPrefix } from './classify.js';
export { isRetryable, verdict, type Happened, type Verdict } from './verdict.js';
export type { ClientEvent, ClientEventType, ClientEventOf, CallOutcome, EventListenerOptions } from './events.js';
export { CLIENT_EVENT_TYPES } from './events.js';
export type { Health } from './health.js';
export {
  presets,
  presetNames,
  externalApiPreset,
  localPreset,
  workflowPreset,
  criticalPreset,
  failFastPreset,
} from './presets.js';
export {
  defineAdapter,
  type Adapter,
  type AnyAdapter,
  type AdapterClient,
  type AdapterDefinition,
  type AdapterOptions,
  type ArgsOf,
  type EnvSource,
} from './adapter.js';
export { resultBody, resultText, firstLine, isRecord } from './result-body.js';
export { fastmcp } from './fastmcp.js';
export type * from './types.js';
export type { ServerRequestHandlers, ServerRequestExtra } from './protocol/handlers.js';
export type { RestoreFailure } from './protocol/session-state.js';
export type { ServerDescription } from './connection.js';
export { methodSafety } from './protocol/methods.js';
export type * from './policies/types.js';
export type { BeyondEvent } from './policies/events.js';
// Core's errors and types, re-exported (the same classes: `instanceof` holds across packages).
export {
  ResilienceError,
  BrokenCircuitError,
  IsolatedCircuitError,
  TimeoutError,
  BulkheadRejectedError,
  RateLimitError,
  ThrottledError,
  type CircuitState,
  type CircuitBreaker,
} from '@res/core';
// Limits and hostile input (DESIGN §9): one module each, shared with res-proxy.
export { oneLine, redactUrl, createRedactor, secretsOf, redactFailure, MAX_TEXT, REDACTED, type Redactor } from './redact.js';
export { listAll, DEFAULT_MAX_PAGES, PaginationLimitError, ListDeadlineError, type ListBounds, type Page, type PageFetcher } from './list-all.js';
export { resultProblem, MAX_RESULT_DEPTH, MAX_RESULT_NODES } from './result-bounds.js';
// Lean stdio: JSON-RPC lines without a zod pass per message, and a server process started before its client (res-proxy).
export { parseJsonRpcLine, JsonRpcLineBuffer } from './json-lines.js';
export { offerSpawnedChild, type SpawnedChild } from './stdio-transport.js';
