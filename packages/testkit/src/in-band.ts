/**
 * Ready-made faults in shapes that many servers share (ad-hoc result dicts, FastMCP's global
 * limiter, McpServer's refusal of bad arguments). One server's own shapes ship with its
 * adapter, e.g. `mailgunFaults` from `@res/mailgun/testing`.
 */
import type { Fault } from './faults.js';

type InBand = Extract<Fault, { type: 'in-band' }>;
type IsError = Extract<Fault, { type: 'is-error' }>;

const inBandFault = (body: unknown): InBand => ({ type: 'in-band', body });

/**
 * Failures that arrive inside a *successful* result (`isError` unset), in the dict shapes
 * several servers use.
 *
 * @example handle.setFault('query_elements', inBand.successFalse('Canvas server is not available'));
 */
export const inBand = {
  /**
   * `{ success: false, error }` — Excalidraw, Session-Buddy and Mahavishnu dict tools.
   *
   * @example inBand.successFalse('Failed to create element: Canvas server is not available');
   */
  successFalse: (error: string): InBand => inBandFault({ success: false, error }),

  /**
   * `{ status: 'error', error }` — Mahavishnu's and Akosha's most common shape.
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
} as const;
