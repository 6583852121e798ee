/**
 * @res/otel: OpenTelemetry spans for res MCP calls, on `@opentelemetry/api` only —
 * bring your own SDK and exporter.
 *
 * @example
 * import { traceClient } from '@res/otel';
 * traceClient(client); // one span per callTool, to the registered tracer provider
 *
 * @packageDocumentation
 */
export { traceClient, type TraceClientOptions, type TracedClient } from './trace-client.js';
export * as attributes from './attributes.js';
