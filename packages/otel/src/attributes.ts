/**
 * Span attribute and event names. Where the OpenTelemetry semantic conventions for MCP
 * (https://opentelemetry.io/docs/specs/semconv/gen-ai/mcp/, status: development) define
 * one, it is used as is; what they do not cover (resilience) is under `res.`.
 */

/** `mcp.method.name`: always `tools/call` here. */
export const MCP_METHOD_NAME = 'mcp.method.name';
/** `gen_ai.operation.name`: `execute_tool` for a tool call. */
export const GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
/** `gen_ai.tool.name`: the tool called. */
export const GEN_AI_TOOL_NAME = 'gen_ai.tool.name';
/** `error.type`: the class of error a failed call ended with (set iff it failed). */
export const ERROR_TYPE = 'error.type';

/** The server's name (the client's `name`): MCP has no attribute for a logical server name. */
export const RES_SERVER = 'res.server.name';
/** How the call ended: success, failure, timeout, rejected, fallback, caller-error, aborted. */
export const RES_OUTCOME = 'res.outcome';
/** Attempts made, the first included (0 when rejected before any). */
export const RES_ATTEMPTS = 'res.attempts';
/** The breaker's state when the call ended: closed, open, half-open, isolated. */
export const RES_BREAKER_STATE = 'res.breaker.state';

/** Span event for each retry, added before the backoff wait. */
export const RETRY_EVENT = 'res.retry';
/** The attempt that failed and is being retried (1-based). */
export const RES_RETRY_ATTEMPT = 'res.retry.attempt';
/** Ms waited before the next attempt. */
export const RES_RETRY_DELAY = 'res.retry.delay_ms';
/** Span event when a fallback answered instead of the server. */
export const FALLBACK_EVENT = 'res.fallback';
/** `cache` or `function`. */
export const RES_FALLBACK_SOURCE = 'res.fallback.source';
/** The error message of a retried attempt or of the failure a fallback replaced. */
export const RES_ERROR_MESSAGE = 'res.error.message';

/** Span event when a hedge of the call was sent (a read or idempotent tool not answered in time). */
export const HEDGE_EVENT = 'res.hedge';
/** Span event when a hedge answered the call first (the other attempts were cancelled). */
export const HEDGE_WON_EVENT = 'res.hedge.won';
/** The hedged attempt (2 for the first hedge). */
export const RES_HEDGE_ATTEMPT = 'res.hedge.attempt';
/** Span event when the server's retry budget refused a retry or a hedge of the call. */
export const BUDGET_REFUSED_EVENT = 'res.retry_budget.refused';
/** What the budget refused: `retry` or `hedge`. */
export const RES_BUDGET_REFUSED_BY = 'res.retry_budget.refused_by';
/** Span event when chaos (a game day) injected into an attempt of the call. */
export const CHAOS_EVENT = 'res.chaos';
/** What chaos injected: `fault` or `latency`. */
export const RES_CHAOS_KIND = 'res.chaos.kind';
/** The attempt chaos injected into (1-based). */
export const RES_CHAOS_ATTEMPT = 'res.chaos.attempt';
