/**
 * Ready-made faults in the shapes the real servers use (see `shared/servers/*.json`), so a
 * test reads like the incident it reproduces.
 */
import type { Fault } from './faults.js';

type InBand = Extract<Fault, { type: 'in-band' }>;
type IsError = Extract<Fault, { type: 'is-error' }>;

const inBandFault = (body: unknown): InBand => ({ type: 'in-band', body });

/**
 * Failures that arrive inside a *successful* result (`isError` unset).
 *
 * @example handle.setFault('get_domains', inBand.mailgunError(503));
 */
export const inBand = {
  /**
   * Mailgun's non-2xx answer: `{ error: { type: 'mailgun_error', message: 'Mailgun request failed with status N', details } }`.
   *
   * @example inBand.mailgunError(429); // a rate limit, visible only in the message text
   */
  mailgunError: (status: number, details = ''): InBand =>
    inBandFault({ error: { type: 'mailgun_error', message: `Mailgun request failed with status ${status}`, details } }),

  /**
   * Mailgun without credentials: `{ error: { type: 'configuration_error', message } }`.
   *
   * @example inBand.mailgunConfigurationError();
   */
  mailgunConfigurationError: (message = 'MAILGUN_API_KEY environment variable is not set'): InBand =>
    inBandFault({ error: { type: 'configuration_error', message } }),

  /**
   * `{ success: false, error }` — Excalidraw, Session-Buddy and Mahavishnu dict tools.
   *
   * @example inBand.successFalse('Failed to create element: Canvas server is not available');
   */
  successFalse: (error: string): InBand => inBandFault({ success: false, error }),

  /**
   * Mahavishnu's pool quota: `{ status: 'rate_limited', caller_kind, retry_after_seconds, error }`.
   *
   * @example inBand.rateLimited(2); // retry after 2 s
   */
  rateLimited: (retryAfterSeconds: number, callerKind = 'agent'): InBand =>
    inBandFault({
      status: 'rate_limited',
      caller_kind: callerKind,
      retry_after_seconds: retryAfterSeconds,
      error: `Rate limit exceeded for caller_kind '${callerKind}'`,
    }),

  /**
   * `{ status: 'error', error }` — the most common Mahavishnu and Akosha shape.
   *
   * @example inBand.statusError('FitnessAnalyzer not initialized. Server may still be starting up.');
   */
  statusError: (error: string): InBand => inBandFault({ status: 'error', error }),

  /**
   * `{ status: 'failed', error }` — a failed pool, worker or store operation.
   *
   * @example inBand.statusFailed('primary key conflict');
   */
  statusFailed: (error: string): InBand => inBandFault({ status: 'failed', error }),

  /**
   * Mahavishnu's failed workflow record (the workflow failed, not the server).
   *
   * @example inBand.workflowFailed('step 2 raised');
   */
  workflowFailed: (error: string, workflowId = 'wf_error_0001'): InBand =>
    inBandFault({ workflow_id: workflowId, status: 'failed', result: { error }, errors: [{ error, type: 'RuntimeError' }] }),

  /**
   * Session-Buddy's plain-text failure `❌ <operation> failed: <error>` (a string body is sent as is).
   *
   * @example inBand.operationFailed('Checkpoint', 'database is locked');
   */
  operationFailed: (operation: string, error: string): InBand => inBandFault(`❌ ${operation} failed: ${error}`),
} as const;

/**
 * `isError: true` results in the texts real servers send.
 *
 * @example handle.setFault('send_message', toolError.globalRateLimit());
 */
export const toolError = {
  /**
   * FastMCP's server-side token bucket (Mailgun, UniFi): nothing ran, safe to re-send.
   *
   * @example toolError.globalRateLimit();
   */
  globalRateLimit: (): IsError => ({ type: 'is-error', text: 'Global rate limit exceeded' }),

  /**
   * McpServer's own rejection of bad arguments, code folded into the text.
   *
   * @example toolError.invalidParams('Input validation error: id is required');
   */
  invalidParams: (message: string): IsError => ({ type: 'is-error', text: `MCP error -32602: ${message}` }),

  /**
   * RaindropIO after its own retries ran out on a 429.
   *
   * @example toolError.raindropRateLimit();
   */
  raindropRateLimit: (): IsError => ({ type: 'is-error', text: 'Rate limit exceeded (429) from Raindrop.io API' }),
} as const;
